"""The shortlist lifecycle: a recorded candidate list, its blind-first reveal, choice with
reason and its document."""
