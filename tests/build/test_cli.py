"""The kg command as a user runs it: exit codes, messages, files written."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from conftest import run_kg


def sentence_without_traceback(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def test_build_writes_dist_and_reports(project_copy):
    result = run_kg("build", cwd=project_copy)
    assert result.returncode == 0, result.stderr
    assert "Built dist/" in result.stdout
    assert (project_copy / "dist" / "kg.ttl").is_file()
    assert result.stderr == ""  # not a terminal: no progress output


def test_build_honours_out_folder(project_copy):
    result = run_kg("build", "--out", "release", cwd=project_copy)
    assert result.returncode == 0, result.stderr
    assert (project_copy / "release" / "void.ttl").is_file()
    assert not (project_copy / "dist").exists()


def test_turtle_syntax_error_exits_2_names_file_and_line_and_leaves_dist_untouched(project_copy):
    dist = project_copy / "dist"
    dist.mkdir()
    (dist / "kg.ttl").write_text("previous build\n", encoding="utf-8")
    broken = project_copy / "data" / "guidelines.ttl"
    lines = broken.read_text(encoding="utf-8").splitlines()
    lines.insert(19, 'inst:broken a aisk:Guideline ; rdfs:label "unterminated .')
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = run_kg("build", cwd=project_copy)

    assert result.returncode == 2
    message = sentence_without_traceback(result.stderr)
    assert message.startswith("kg: data/guidelines.ttl:20:")
    assert "syntax error" in message
    assert sorted(p.name for p in dist.iterdir()) == ["kg.ttl"]
    assert (dist / "kg.ttl").read_text(encoding="utf-8") == "previous build\n"
    assert not [p for p in project_copy.iterdir() if p.name.startswith(".dist")]


def test_shape_violation_exits_1_and_names_record_rule_and_file(project_copy):
    path = project_copy / "data" / "guidelines.ttl"
    text = path.read_text(encoding="utf-8")
    text = text.replace('rdfs:label "AI事業者ガイドライン"@ja , "AI Guidelines for Business"@en ;', 'rdfs:label "AI事業者ガイドライン"@ja ;', 1)
    path.write_text(text, encoding="utf-8")

    for command in (["validate"], ["validate", "--reference"], ["build"], ["build", "--reference"]):
        result = run_kg(*command, cwd=project_copy)
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert "data/guidelines.ttl: violation: inst:ai-guidelines-for-business breaks shapes:label-en" in result.stderr
        assert "Needs exactly one English label" in result.stderr
        assert "英語のラベル" in result.stderr
        assert result.stderr.strip().splitlines()[-1].startswith("kg: ") or "Validation failed" in result.stderr
    assert not (project_copy / "dist").exists()


def test_check_failure_exits_1_and_names_the_check(project_copy):
    path = project_copy / "data" / "guidelines.ttl"
    with path.open("a", encoding="utf-8") as stream:
        stream.write("\ninst:ai-copyright-checklist-guidance aisk:basedOn inst:ai-copyright-checklist-guidance .\n")
    result = run_kg("build", cwd=project_copy)
    assert result.returncode == 1
    assert "check based-on-cycle failed" in result.stderr
    assert "inst:ai-copyright-checklist-guidance" in result.stderr


def test_validate_a_new_file_with_the_project_records(project_copy, tmp_path):
    new = tmp_path / "new.ttl"
    new.write_text(
        "@prefix aisk: <https://w3id.org/ai-safety-kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/ai-safety-kg/id/instrument/new> a aisk:Guideline ;\n"
        '    rdfs:label "新"@ja ; aisk:issuedBy <https://w3id.org/ai-safety-kg/id/org/mic> .\n',
        encoding="utf-8",
    )
    result = run_kg("validate", str(new), cwd=project_copy)
    assert result.returncode == 1
    assert "new.ttl: violation: <https://w3id.org/ai-safety-kg/id/instrument/new> breaks shapes:label-en" in result.stderr.replace("inst:new", "<https://w3id.org/ai-safety-kg/id/instrument/new>")
    assert "shapes:source" in result.stderr


def test_validate_conforming_project_exits_0(project_copy):
    result = run_kg("validate", cwd=project_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Conforms")


@pytest.mark.parametrize("fmt, parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")])
def test_export_each_format_to_a_file(project_copy, fmt, parser, sources):
    out = project_copy / f"out.{fmt}"
    result = run_kg("export", "--format", fmt, "-o", str(out), cwd=project_copy)
    assert result.returncode == 0, result.stderr
    assert len(Graph().parse(out, format=parser)) == len(sources.asserted())


def test_export_inferred_to_stdout(project_copy, built):
    result = run_kg("export", "--format", "nt", "--inferred", cwd=project_copy)
    assert result.returncode == 0, result.stderr
    assert len(Graph().parse(data=result.stdout, format="nt")) == len(built.reasoned)


def test_stats_counts_by_kind_issuer_jurisdiction_and_year(project_copy, built):
    result = run_kg("stats", "--format", "json", cwd=project_copy)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert set(stats) == {"class", "kind", "legal force", "issuer", "jurisdiction", "year"}
    instruments = stats["class"]["Instrument"]
    assert sum(stats["legal force"].values()) == instruments
    assert sum(stats["jurisdiction"].values()) == instruments
    assert sum(stats["year"].values()) == instruments
    assert stats["kind"]["Law"] == stats["class"]["Law"]
    table = run_kg("stats", cwd=project_copy).stdout
    assert "jurisdiction:" in table and "Japan" in table


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["frobnicate"], "invalid choice"),
        (["export"], "required: --format"),
        (["export", "--format", "pdf"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_with_one_sentence(project_copy, args, fragment):
    result = run_kg(*args, cwd=project_copy)
    assert result.returncode == 2
    assert fragment in sentence_without_traceback(result.stderr)


def test_outside_a_project_is_a_clear_error(tmp_path):
    from kg.errors import UsageError
    from kg.project import find_project

    with pytest.raises(UsageError, match="No AI Safety Knowledge Graph found: no checkout"):
        find_project(tmp_path, installed_from=tmp_path, bundled=tmp_path / "no-bundled-graph")


def test_project_is_found_from_a_subfolder(project_copy):
    from kg.project import find_project

    assert find_project(project_copy / "data", installed_from=project_copy / "nowhere").root == project_copy.resolve()
