"""Scoring routed messages against their labels: accuracy, per intent and role, confusion.

A message counts as right when the router picked its intent, or asked and offered its
intent among the buttons. The clarification rate is the share of messages it asked about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.chat.access import Role
from bot.router.classifier import Routed
from bot.router.dataset import Example
from bot.router.intents import Intent


@dataclass
class Report:
    total: int = 0
    right: int = 0
    asked: int = 0
    asked_right: int = 0
    by_intent: Counter[Intent] = field(default_factory=Counter)
    right_by_intent: Counter[Intent] = field(default_factory=Counter)
    by_role: Counter[Role] = field(default_factory=Counter)
    right_by_role: Counter[Role] = field(default_factory=Counter)
    confusion: Counter[tuple[Intent, Intent]] = field(default_factory=Counter)  # (gold, routed)
    misses: list[tuple[Example, Routed]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def ask_rate(self) -> float:
        return self.asked / self.total if self.total else 0.0

    def intent_accuracy(self, intent: Intent) -> float:
        n = self.by_intent[intent]
        return self.right_by_intent[intent] / n if n else 0.0

    def role_accuracy(self, role: Role) -> float:
        n = self.by_role[role]
        return self.right_by_role[role] / n if n else 0.0


def is_right(gold: Intent, routed: Routed) -> bool:
    return gold in routed.readings


def score(examples: Sequence[Example], routed: Sequence[Routed]) -> Report:
    report = Report()
    for e, r in zip(examples, routed, strict=True):
        ok = is_right(e.intent, r)
        report.total += 1
        report.right += ok
        report.asked += r.ask
        report.asked_right += r.ask and ok
        report.by_intent[e.intent] += 1
        report.right_by_intent[e.intent] += ok
        report.by_role[e.role] += 1
        report.right_by_role[e.role] += ok
        report.confusion[(e.intent, e.intent if ok else r.intent)] += 1
        if not ok:
            report.misses.append((e, r))
    return report
