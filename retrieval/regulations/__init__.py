"""Regulation question answering: query normalisation, explicit references, BM25 + dense
retrieval fused by RRF, a calibrated no-answer threshold, and cited answers."""
