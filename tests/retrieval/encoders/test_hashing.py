from __future__ import annotations

import numpy as np

from retrieval.encoders.hashing import HashingEncoder


def test_hashing_encoder_is_deterministic_and_normalised() -> None:
    enc = HashingEncoder(128)
    a = enc.encode(["pengelolaan anggaran daerah", "audit pengadaan barang"])
    b = HashingEncoder(128).encode(["pengelolaan anggaran daerah", "audit pengadaan barang"])
    assert a.shape == (2, 128) and a.dtype == np.float32
    np.testing.assert_allclose(a, b)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, rtol=1e-5)


def test_hashing_encoder_ranks_shared_words_higher() -> None:
    enc = HashingEncoder(256)
    q, near, far = enc.encode(["anggaran keuangan", "kepala bidang anggaran", "perawat puskesmas"])
    assert float(q @ near) > float(q @ far)
