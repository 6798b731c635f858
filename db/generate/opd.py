"""OPD lists per kind of agency, in priority order (a small dataset keeps the first ones).

The province reflects the 2025 split of BPKPD into BKAD + Bapenda and of Dinas PUPR into
Dinas PUTR + DPKP (FACTS.md §12.2); kabupaten/kota use BKPSDM, BPKAD, Dinas PUPR.
"""

from __future__ import annotations

from db.generate.catalogue import Agency, Opd
from db.generate.opd_kabkota import REGENCY_OPD
from db.generate.opd_provinsi import PROVINCE_OPD


def opd_catalogue(agency: Agency) -> tuple[Opd, ...]:
    return PROVINCE_OPD if agency.jenis == "provinsi" else REGENCY_OPD
