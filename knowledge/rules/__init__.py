"""Merit rules as code: pure functions over plain facts, each result citing its provisions.

Every number the rules use comes from ``thresholds.yaml`` (see docs/merit-rules.md); agency
choices come from :class:`MeritSettings`. Nothing here touches the database except
:mod:`knowledge.rules.loader`, which builds the fact objects; the few facts it does not load
(an asker's unit chain, family links, an imported succession group) are read by the caller.
"""

from __future__ import annotations

from knowledge.rules.bup import BupResult, BupStatus, SuccessionDue, bup, succession_due
from knowledge.rules.eligibility import EligibilityResult, eligibility, meets_requirements
from knowledge.rules.facts import (
    AsesmenFact,
    DiklatFact,
    EmployeeFacts,
    HukumanFact,
    NineBoxResmiFact,
    PendidikanFact,
    PositionFacts,
    SertifikasiFact,
    SpellFact,
    SuksesiFact,
)
from knowledge.rules.gaps import Gap, gaps_to_target
from knowledge.rules.jpm import CompetencyGap, JpmResult, Scheme, jpm
from knowledge.rules.loader import load_employee_facts, load_position_facts, load_positions
from knowledge.rules.ninebox import NineBoxResult, in_talent_pool, ninebox
from knowledge.rules.result import Line, Remedy, Status, Verdict
from knowledge.rules.rotation import RotationResult, RotationStatus, rotation
from knowledge.rules.settings import MeritSettings
from knowledge.rules.suksesi import (
    SuksesiResult,
    SuksesiStatus,
    succession_group,
    succession_membership,
)
from knowledge.rules.thresholds import Threshold, ThresholdTable, thresholds

__all__ = [
    "AsesmenFact",
    "BupResult",
    "BupStatus",
    "CompetencyGap",
    "DiklatFact",
    "EligibilityResult",
    "EmployeeFacts",
    "Gap",
    "HukumanFact",
    "JpmResult",
    "Line",
    "MeritSettings",
    "NineBoxResmiFact",
    "NineBoxResult",
    "PendidikanFact",
    "PositionFacts",
    "Remedy",
    "RotationResult",
    "RotationStatus",
    "Scheme",
    "SertifikasiFact",
    "SpellFact",
    "Status",
    "SuccessionDue",
    "SuksesiFact",
    "SuksesiResult",
    "SuksesiStatus",
    "Threshold",
    "ThresholdTable",
    "Verdict",
    "bup",
    "eligibility",
    "gaps_to_target",
    "in_talent_pool",
    "jpm",
    "load_employee_facts",
    "load_position_facts",
    "load_positions",
    "meets_requirements",
    "ninebox",
    "rotation",
    "succession_due",
    "succession_group",
    "succession_membership",
    "thresholds",
]
