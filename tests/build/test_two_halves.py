"""The build's two halves (kg.build.pipeline.build): validation and the dumps on a second thread, reasoning
and the checks on the first. The files are those of the stages run one after the other, a failure in either
half is reported as before, and a failed half stops the other."""

from __future__ import annotations

import threading

import pytest

from conftest import run_kg
from kg.build.pipeline import build, load_and_validate, reason_and_check, write_dist
from kg.build.rules import compile_rules
from kg.build.seminaive import Stopped
from kg.build.store import KgStore
from kg.progress import Progress
from kg.project import Project

SELF_CYCLE = "\ninst:ai-copyright-checklist-guidance aisk:basedOn inst:ai-copyright-checklist-guidance .\n"
NO_ENGLISH_LABEL = ('rdfs:label "AI事業者ガイドライン"@ja , "AI Guidelines for Business"@en ;',
                    'rdfs:label "AI事業者ガイドライン"@ja ;')


def test_the_files_are_the_bytes_of_the_stages_run_in_turn(project, dist, tmp_path):
    store, ontology, report = load_and_validate(project, Progress(enabled=False))
    built = reason_and_check(project, store, ontology, report, Progress(enabled=False))
    write_dist(project, built, tmp_path / "in-turn")
    names = sorted(p.name for p in dist.iterdir())
    assert names == sorted(p.name for p in (tmp_path / "in-turn").iterdir())
    for name in names:
        assert (dist / name).read_bytes() == (tmp_path / "in-turn" / name).read_bytes(), name


def test_a_violation_is_the_error_even_when_a_check_fails_too(project_copy):
    guidelines = project_copy / "data" / "guidelines.ttl"
    guidelines.write_text(guidelines.read_text(encoding="utf-8").replace(*NO_ENGLISH_LABEL, 1) + SELF_CYCLE,
                          encoding="utf-8")
    result = run_kg("build", cwd=project_copy)
    assert result.returncode == 1, result.stderr
    assert "breaks shapes:label-en" in result.stderr
    assert "based-on-cycle" not in result.stderr  # as when validation ran first: the checks never ran
    assert not (project_copy / "dist").exists()


def test_a_failed_check_leaves_no_half_written_folder(project_copy):
    (project_copy / "data" / "guidelines.ttl").open("a", encoding="utf-8").write(SELF_CYCLE)
    result = run_kg("build", cwd=project_copy)
    assert result.returncode == 1 and "check based-on-cycle failed" in result.stderr
    assert sorted(p.name for p in project_copy.iterdir()) == ["data", "links", "ontology", "queries", "vocab"]


def test_a_violation_stops_the_reasoning_at_its_next_rule(project_copy, monkeypatch):
    """The second thread's failed validation sets the event the rule runner looks at before each rule."""
    from kg.build import seminaive

    guidelines = project_copy / "data" / "guidelines.ttl"
    guidelines.write_text(guidelines.read_text(encoding="utf-8").replace(*NO_ENGLISH_LABEL, 1), encoding="utf-8")
    runs, validated = [], threading.Event()
    real_apply = seminaive.Runner.apply

    def apply_after_validation(self, index):  # every rule waits until the validation is over
        validated.wait(60)
        runs.append(index)
        return real_apply(self, index)

    from kg.build import pipeline

    real_validate = pipeline._validate_and_dump

    def validate_then_tell(*args):
        try:
            return real_validate(*args)
        finally:
            validated.set()

    monkeypatch.setattr(seminaive.Runner, "apply", apply_after_validation)
    monkeypatch.setattr(pipeline, "_validate_and_dump", validate_then_tell)
    from kg.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="shapes:label-en"):
        build(Project(project_copy), project_copy / "dist", Progress(enabled=False))
    assert len(runs) <= 1  # the rule that was waiting may run; none after it
    assert not (project_copy / "dist").exists()


def test_the_rule_runner_stops_before_a_rule_once_told(project):
    store = KgStore().load_project(project)
    from kg.build.reason import schema_graph

    rules = compile_rules(schema_graph(store))
    stop = threading.Event()
    stop.set()
    with pytest.raises(Stopped):
        rules.run(store, stop=stop)


def test_progress_prints_whole_lines_when_two_stages_run_at_once():
    import io
    import re

    stream = io.StringIO()
    progress = Progress(stream, enabled=True)
    inside = threading.Barrier(2)

    def stage(name):
        with progress.stage(name):
            inside.wait(5)  # both stages are open at the same time

    workers = [threading.Thread(target=stage, args=(name,)) for name in ("reason", "validate")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    lines = stream.getvalue().splitlines()
    assert sorted(lines[:2]) == ["reason …", "validate …"]
    assert all(re.fullmatch(r"(reason|validate): \d+\.\d\d s", line) for line in lines[2:]) and len(lines) == 4
