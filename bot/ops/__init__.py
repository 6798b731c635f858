"""Operations: installation health and the data-protection duties (export, record of
processing)."""
