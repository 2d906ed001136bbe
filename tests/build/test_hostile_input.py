"""Hostile and broken input to kg build, kg validate and kg export: each is
one sentence on stderr with the documented exit code (DESIGN.md: 2 for bad
input), never a traceback or an 'internal error'."""

from __future__ import annotations

import pytest

from conftest import run_kg

ILL_TYPED = """@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix aisk: <https://w3id.org/ai-safety-kg/ontology#> .

<https://w3id.org/ai-safety-kg/id/instrument/ai-promotion-act>
    dcterms:issued {value} .
"""


def one_sentence(result, code: int = 2) -> str:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kg: ") and lines[0].endswith("."), lines[0]
    return lines[0]


@pytest.mark.parametrize("reference", [False, True], ids=["fast", "reference"])
def test_ill_typed_date_in_a_data_file_names_file_line_record_and_value(project_copy, reference):
    bad = project_copy / "data" / "zz-bad-date.ttl"
    bad.write_text(ILL_TYPED.format(value='"2025-13-45"^^xsd:date'), encoding="utf-8")
    dist = project_copy / "dist"
    result = run_kg("build", *(["--reference"] if reference else []), cwd=project_copy)
    message = one_sentence(result)
    assert message == ('kg: data/zz-bad-date.ttl:6: inst:ai-promotion-act dcterms:issued has "2025-13-45"^^xsd:date, '
                       "which is not a valid xsd:date.")
    assert not dist.exists()


@pytest.mark.parametrize("value, datatype", [
    ('"abc"^^xsd:integer', "xsd:integer"),
    ('"2025-02-30"^^xsd:date', "xsd:date"),
    ('"20x5"^^xsd:gYear', "xsd:gYear"),
    ('"2025-13"^^xsd:gYearMonth', "xsd:gYearMonth"),
    ('"yes"^^xsd:boolean', "xsd:boolean"),
])
def test_kg_validate_file_refuses_any_ill_typed_literal(project_copy, value, datatype):
    bad = project_copy / "extra.ttl"
    bad.write_text(ILL_TYPED.format(value=value), encoding="utf-8")
    for reference in ([], ["--reference"]):
        message = one_sentence(run_kg("validate", *reference, str(bad), cwd=project_copy))
        assert message.startswith(f"kg: extra.ttl:6: inst:ai-promotion-act dcterms:issued has {value}, ")
        assert message.endswith(f"which is not a valid {datatype}.")


def test_values_are_read_strictly_and_well_typed_ones_pass(project_copy):
    from kg.build.store import KgStore
    from kg.errors import InputError
    from kg.project import Project

    path = project_copy / "extra.ttl"
    for value in ('"2025-05-28"^^xsd:date', '"2025"^^xsd:gYear', '"-3"^^xsd:integer', '"1.5E3"^^xsd:double',
                  '"P1Y2M"^^xsd:duration', '"false"^^xsd:boolean', '"2025-05-28T10:00:00Z"^^xsd:dateTime'):
        path.write_text(ILL_TYPED.format(value=value), encoding="utf-8")
        KgStore().load_project(Project(project_copy), [path])
    path.write_text(ILL_TYPED.format(value='" 2025-05-28 "^^xsd:date'), encoding="utf-8")  # as Oxigraph reads it
    with pytest.raises(InputError, match="is not a valid xsd:date"):
        KgStore().load_project(Project(project_copy), [path])


def test_ill_typed_literal_in_kg_export_is_the_same_sentence(project_copy):
    (project_copy / "data" / "zz.ttl").write_text(ILL_TYPED.format(value='"x"^^xsd:date'), encoding="utf-8")
    message = one_sentence(run_kg("export", "--format", "ttl", cwd=project_copy))
    assert "data/zz.ttl:6:" in message and '"x"^^xsd:date' in message


def test_build_into_a_path_under_a_regular_file_exits_2(project_copy):
    blocker = project_copy / "not-a-folder"
    blocker.write_text("mine\n", encoding="utf-8")
    message = one_sentence(run_kg("build", "--out", "not-a-folder/dist", cwd=project_copy))
    assert message == "kg: Cannot write not-a-folder/dist/: not-a-folder exists and is not a folder."
    assert blocker.read_text(encoding="utf-8") == "mine\n"


def test_build_never_replaces_a_file_with_its_folder(project_copy):
    blocker = project_copy / "release"
    blocker.write_text("mine\n", encoding="utf-8")
    message = one_sentence(run_kg("build", "--out", "release", cwd=project_copy))
    assert "release exists and is not a folder" in message
    assert blocker.read_text(encoding="utf-8") == "mine\n"


def test_build_where_even_root_cannot_write_exits_2(project_copy):
    # /proc refuses new entries to every user, root included (chmod would not stop root)
    message = one_sentence(run_kg("build", "--out", "/proc/kg-dist", cwd=project_copy))
    assert message.startswith("kg: Cannot write /proc/kg-dist/: ")


def test_export_to_an_unwritable_path_exits_2(project_copy):
    (project_copy / "blocker").write_text("", encoding="utf-8")
    message = one_sentence(run_kg("export", "--format", "nt", "-o", "blocker/kg.nt", cwd=project_copy))
    assert "blocker" in message


@pytest.mark.parametrize("content", [b"\xff\xfe not utf-8", b"@prefix : <x:> .\n:a :b \"\xc3\x28\" .\n"])
def test_data_file_that_is_not_utf8_exits_2(project_copy, content):
    (project_copy / "data" / "zz.ttl").write_bytes(content)
    message = one_sentence(run_kg("validate", cwd=project_copy))
    assert message.startswith("kg: data/zz.ttl:")


def test_data_folder_named_like_a_file_exits_2(project_copy):
    (project_copy / "data" / "folder.ttl").mkdir()
    message = one_sentence(run_kg("validate", cwd=project_copy))
    assert message == "kg: data/folder.ttl: not a regular file."


def test_byte_order_mark_is_named(project_copy):
    (project_copy / "data" / "zz.ttl").write_bytes(b"\xef\xbb\xbf@prefix : <http://example.org/> .\n:a :b :c .\n")
    message = one_sentence(run_kg("validate", cwd=project_copy))
    assert message.startswith("kg: data/zz.ttl:1:1: ") and "byte-order mark" in message


def test_broken_jsonld_context_exits_2(project_copy):
    (project_copy / "ontology" / "context.jsonld").write_text("{ not json", encoding="utf-8")
    message = one_sentence(run_kg("build", cwd=project_copy))
    assert "ontology/context.jsonld" in message


def test_stored_query_that_is_not_utf8_exits_2(project_copy):
    (project_copy / "queries" / "zz.rq").write_bytes(b"#+ summary: x\n#+ summary_ja: \xff\nSELECT * {}\n")
    message = one_sentence(run_kg("queries", cwd=project_copy))
    assert message.startswith("kg: ") and "zz.rq" in message and "UTF-8" in message


def test_blank_nodes_too_alike_to_label_are_refused_in_bounded_time(project_copy):
    import time

    from kg.build.canonical import TooHardToLabel, canonicalize_store
    from kg.build.store import KgStore
    from kg.project import Project

    # RDFC-1.0 takes minutes on a chain of 400 look-alike blank nodes, hours on 3,000
    (project_copy / "data" / "deep.ttl").write_text(
        "@prefix : <http://example.org/> .\n:a :p " + "[ :p " * 400 + ":q" + " ]" * 400 + " .\n", encoding="utf-8")
    store = KgStore().load_project(Project(project_copy))
    started = time.monotonic()
    with pytest.raises(TooHardToLabel, match=r"^data/deep\.ttl: .* within 1 s; give these nodes IRIs\.$"):
        canonicalize_store(store, timeout=1)
    assert time.monotonic() - started < 10
