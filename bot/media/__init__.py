"""Pictures and documents: nine-box grid, competency chart, shortlist PDF.

Everything renders off-screen (matplotlib's Agg canvas, fpdf2) with the DejaVu fonts that
ship inside matplotlib, so it works offline on a fresh machine without system fonts.
"""
