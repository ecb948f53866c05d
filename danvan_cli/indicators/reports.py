"""The results a command hands to the renderers: a year's `Scorecard` and a review's `Review`.

Each holds what was computed and what it was computed from (the submission, the registry),
and writes its own JSON (``danvan.scorecard/1``; the review's ``danvan.summary/1``). They are
built by `danvan_cli.api` and read by `danvan_cli.render`, which never reaches back to `api`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from danvan_cli.indicators.results import TargetResult, json_number
from danvan_cli.indicators.summary import Summary
from danvan_cli.issues import shown_in
from danvan_cli.spec import Spec
from danvan_cli.units import Registry
from danvan_cli.units.history import Area
from danvan_cli.validation.report import Consistency, Names, completeness, consistency, data_quality, inputs
from danvan_cli.validation.submission import FormQuality, Submission

SCORECARD_SCHEMA = "danvan.scorecard/1"


@dataclass(frozen=True)
class Scorecard:
    """One year's targets with the submission they were computed from."""

    spec: Spec
    year: int
    targets: tuple[TargetResult, ...]
    submission: Submission
    registry: Registry

    def target_quality(self) -> dict[str, FormQuality]:
        """Target id → the data quality of its form this year."""
        by_form = self.submission.quality_by_form()
        return {t.id: by_form.get(self.spec.target(t.id).form, FormQuality()) for t in self.targets}

    def consistency(self) -> Consistency:
        """The year's plausibility flags per form and the units with most (names from the registry)."""
        return consistency(self.submission, Names(self.spec, self.registry))

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        sub = self.submission
        quality = self.target_quality()
        return {
            "schema": SCORECARD_SCHEMA,
            "year": self.year,
            "targets": [t.to_json() | {"data_quality": quality[t.id].to_json()} for t in self.targets],
            "completeness": completeness(sub),
            "issues": [i.to_json(lang) for i in sub.issues],
            "data_quality": data_quality(sub) | {"consistency": self.consistency().to_json(lang)},
            "inputs": inputs(sub),
            "registry": sub.registry_source,
        }


@dataclass(frozen=True)
class Review:
    """The mid-term or final review: every year's scorecard and the summary over them."""

    spec: Spec
    summary: Summary
    scorecards: dict[int, Scorecard]
    by_area: bool = False  # every target per comparison area (`summary --by area`)

    def year_quality(self) -> dict[int, dict[str, Any]]:
        """Per year: rows read, accepted, skipped, rejected, errors, warnings, units missing."""
        result = {}
        for year, card in sorted(self.scorecards.items()):
            sub = card.submission
            result[year] = data_quality(sub) | {
                "files": len(sub.files),
                "units_missing": sum(len(c.missing) for c in sub.completeness),
                "rows_missing": sum(len(c.missing_rows) for c in sub.completeness),
            }
        return result

    def scope_notes(self, lang: str = "vi") -> dict[int, str]:
        """Per year, how rows of a unit whose territory changed without its code and name were
        read (the province 37 in 2025: the old territory or the new province, `--scope`)."""
        return {y: str(shown_in(c.registry.scope_note, lang))
                for y, c in sorted(self.scorecards.items())
                if c.registry.scope_note and any(i.code == "unit-vintage" and i.params.get("detail") == c.registry.scope_note
                                                 for i in c.submission.issues)}

    def has_errors(self) -> bool:
        return any(card.submission.count("error") for card in self.scorecards.values())

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        """The `danvan.summary/1` document; its texts (breaks, scope notes) in `lang`."""
        data = self.summary.to_json(lang)
        quality = {year: card.target_quality() for year, card in self.scorecards.items()}
        for target in data["targets"]:
            for year, entry in target["years"].items():
                if int(year) in quality:
                    entry["data_quality"] = quality[int(year)][target["id"]].to_json()
        data["data_quality"] = {str(y): q | {"consistency": self.scorecards[y].consistency().to_json(lang)}
                                for y, q in self.year_quality().items()}
        data["scope_notes"] = {str(y): text for y, text in self.scope_notes(lang).items()}
        if self.by_area:
            data["areas"] = [{"id": a.id, "name": a.name, "members": [{"vintage": v, "code": c} for v, c in a.members]}
                             for a in self.areas()]
            series = self.area_series()
            for target in data["targets"]:
                target["areas"] = series.get(target["id"], {})
        return data

    def areas(self) -> tuple[Area, ...]:
        """The comparison areas of the registry the review's last year used."""
        last = self.scorecards[max(self.scorecards)].registry.history
        return tuple(last.areas) if last is not None else ()

    def area_series(self) -> dict[str, dict[str, dict[str, dict[str, Any]]]]:
        """Target → area → year → value, numerator, denominator (years the area has rows)."""
        found: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        for year, card in sorted(self.scorecards.items()):
            for result in card.targets:
                for entry in result.areas:
                    found.setdefault(result.id, {}).setdefault(entry.code, {})[str(year)] = {
                        "value": entry.value, "numerator": json_number(entry.numerator),
                        "denominator": json_number(entry.denominator)}
        return found
