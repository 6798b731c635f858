"""Offline evaluation and calibration of retrieval (candidates and regulations).

Never imported at run time: the assistant and the CLI's serving commands do not need it."""
