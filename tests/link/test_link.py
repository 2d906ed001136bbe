"""kg link wikidata against a real SPARQL server (the Oxigraph server on
127.0.0.1, loaded with tests/link/fixtures/wikidata.ttl, a few items shaped like
Wikidata's): the right candidates in the right order with their reasons,
nothing linked by the command, decisions kept, accepted rows built into the
graph and rejected ones not, malformed review files refused with file and
line, and a label that tries to break out of its literal kept in it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from conftest import ROOT, SOURCE_FOLDERS, free_port, oxigraph_server, run_kg
from kg.link.review import COLUMNS, EXACT_MATCH, read_review
from kg.project import Project

FIXTURE = Path(__file__).parent / "fixtures" / "wikidata.ttl"
REVIEW = Path("links") / "wikidata-review.tsv"
ID = "https://w3id.org/ai-safety-kg/id/"
WD = "http://www.wikidata.org/entity/"

#: (record, candidate, score), in the order the review file must list them.
EXPECTED = [
    ("org/meti", "Q99000001", 70),
    ("org/digital-agency", "Q99000006", 65),
    ("instrument/ai-promotion-act", "Q99000007", 45),
    ("org/agency-for-cultural-affairs", "Q99000010", 40),
    ("org/national-diet", "Q99000004", 40),
    ("org/aisi", "Q99000003", 30),
    ("org/gpai-tokyo", "Q99000017", 20),
    ("instrument/copyright-act", "Q99000008", 10),
    ("org/meti", "Q99000011", 10),
    ("org/digital-agency", "Q99000005", 5),
]
REASONS = {
    "Q99000001": ['+30 Japanese label "経済産業省"', '+25 English label "Ministry of Economy, Trade and Industry"',
                  "+10 country wd:Q17 agrees with jurisdiction jur:jp",
                  '+5 instance of wd:Q192350 "ministry" (unverified hint for aisk:GovernmentBody)'],
    "Q99000006": ['+30 Japanese label "デジタル庁"', '+25 English label "Digital Agency"',
                  "+10 country wd:Q17 agrees with jurisdiction jur:jp"],
    "Q99000007": ['+10 alternative label "AI Promotion Act"@en',
                  "+20 official website <https://www8.cao.go.jp/cstp/ai/ai_act/ai_act.html>",
                  "+10 country wd:Q17 agrees with jurisdiction jur:jp",
                  '+5 instance of wd:Q7748 "law" (unverified hint for aisk:Law)'],
    "Q99000010": ['+30 Japanese label "文化庁"', "+10 country wd:Q17 agrees with jurisdiction jur:jp"],
    "Q99000004": ['+25 English label "national diet" (ours: "National Diet")',
                  "+10 country wd:Q17 agrees with jurisdiction jur:jp",
                  '+5 instance of wd:Q11204 "legislature" (unverified hint for aisk:Legislature)'],
    "Q99000003": ["+20 official website <https://aisi.go.jp/>", "+10 country wd:Q17 agrees with jurisdiction jur:jp"],
    "Q99000017": ["+20 official website <http://www2.nict.go.jp/gpai-tokyo-esc> "
                  "(our page: <https://www2.nict.go.jp/gpai-tokyo-esc/>)"],
    "Q99000008": ['+25 English label "Copyright Act"', "-20 country wd:Q99000099 disagrees with jurisdiction jur:jp (wd:Q17)",
                  '+5 instance of wd:Q7748 "law" (unverified hint for aisk:Law)'],
    "Q99000011": ['+10 alternative label "METI"@en'],
    "Q99000005": ['+25 English label "Digital Agency"', "-20 country wd:Q99000099 disagrees with jurisdiction jur:jp (wd:Q17)"],
}


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory):
    """The Oxigraph server, read-only, holding the Wikidata-shaped fixture; stopped after the module."""
    with oxigraph_server(FIXTURE, tmp_path_factory.mktemp("wikidata-store")) as url:
        yield url


def copy_project(root: Path, dist: Path | None) -> Path:
    for folder in SOURCE_FOLDERS:
        shutil.copytree(ROOT / folder, root / folder)
    if dist is not None:
        shutil.copytree(dist, root / "dist")
    return root


@pytest.fixture
def built_copy(tmp_path, dist) -> Path:
    """A copy of the project with the curated graph already built into its dist/."""
    return copy_project(tmp_path, dist)


def link(wikidata: str, cwd: Path, *extra: str):
    result = run_kg("link", "wikidata", "--endpoint", wikidata, *extra, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result


def rows(project: Path, path: Path = REVIEW):
    return read_review(project / path)


def decide(project: Path, decisions: dict[tuple[str, str], str]) -> None:
    """Write decisions into the review file as a person would, by editing the last column."""
    path = project / REVIEW
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines[1:], start=1):
        fields = line.split("\t")
        key = (fields[0].removeprefix(ID), fields[2].removeprefix(WD))
        if key in decisions:
            fields[-1] = decisions[key]
            lines[i] = "\t".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def tree_digest(root: Path, folders=("ontology", "vocab", "data", "queries", "dist")) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in folders for p in sorted((root / folder).rglob("*")) if p.is_file()}


def exact_matches(path: Path) -> set[tuple[str, str]]:
    graph = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    return {(t.subject.value, t.object.value) for t in graph if t.predicate.value == EXACT_MATCH}


def wikidata_linkset_count(void: Path) -> int:
    store = ox.Store()
    store.load(path=str(void), format=ox.RdfFormat.TURTLE)
    [row] = store.query("""SELECT ?n WHERE { ?linkset <http://rdfs.org/ns/void#objectsTarget> ?target ;
        <http://rdfs.org/ns/void#triples> ?n . ?target <http://rdfs.org/ns/void#uriSpace> "http://www.wikidata.org/entity/" }""")
    return int(row["n"].value)


# -- the review file ----------------------------------------------------------

def test_review_lists_the_right_candidates_in_order_with_reasons(wikidata, built_copy):
    result = link(wikidata, built_copy)
    assert "Wrote links/wikidata-review.tsv: 10 candidates for 8 of 108 records" in result.stdout
    assert "Nothing is linked until" in result.stdout
    header = (built_copy / REVIEW).read_text(encoding="utf-8").splitlines()[0]
    assert header.split("\t") == list(COLUMNS)
    found = rows(built_copy)
    assert [(r.record.removeprefix(ID), r.candidate.removeprefix(WD), int(r.score)) for r in found] == EXPECTED
    for row in found:
        assert row.reasons.split("; ") == REASONS[row.candidate.removeprefix(WD)]
        assert row.decision == ""
    meti = found[0]
    assert meti.record_label == "経済産業省 / Ministry of Economy, Trade and Industry"
    assert meti.candidate_label == "経済産業省 / Ministry of Economy, Trade and Industry"
    # decoys with similar labels, items of records already linked, properties and lexemes: never candidates
    candidates = {r.candidate.removeprefix(WD) for r in found}
    assert not candidates & {"Q99000002", "Q99000012", "Q99000013", "Q99000014", "Q41550", "P99000015", "L99000016"}
    assert not [r for r in found if r.record.endswith("/org/oecd")]


def test_link_changes_no_source_and_no_build_output(wikidata, built_copy):
    before = tree_digest(built_copy)
    link(wikidata, built_copy)
    assert tree_digest(built_copy) == before
    assert sorted(p.name for p in (built_copy / "links").iterdir()) == ["README.md", "wikidata-review.tsv"]


def test_out_writes_the_review_file_elsewhere(wikidata, built_copy, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("review") / "candidates.tsv"
    link(wikidata, built_copy, "--out", str(elsewhere))
    assert [(r.record.removeprefix(ID), r.candidate.removeprefix(WD), int(r.score)) for r in read_review(elsewhere)] == EXPECTED
    assert not (built_copy / REVIEW).exists()


def test_running_again_keeps_the_decisions(wikidata, built_copy):
    link(wikidata, built_copy)
    decide(built_copy, {("org/meti", "Q99000001"): "accept", ("org/meti", "Q99000011"): "reject",
                        ("org/digital-agency", "Q99000005"): "Reject "})
    # a decision for a pair this run will not find again (the record got linked since): kept as it is
    with (built_copy / REVIEW).open("a", encoding="utf-8") as stream:
        stream.write(f"{ID}org/oecd\tOECD\t{WD}Q41550\tOECD\t55\t+30 Japanese label\taccept\n")
    result = link(wikidata, built_copy)
    assert "4 earlier decisions kept" in result.stdout
    decided = {(r.record.removeprefix(ID), r.candidate.removeprefix(WD)): r.decision for r in rows(built_copy) if r.decision}
    assert decided == {("org/meti", "Q99000001"): "accept", ("org/meti", "Q99000011"): "reject",
                       ("org/digital-agency", "Q99000005"): "reject", ("org/oecd", "Q41550"): "accept"}
    order = [(r.record.removeprefix(ID), r.candidate.removeprefix(WD)) for r in rows(built_copy)]
    assert order[:2] == [("org/meti", "Q99000001"), ("org/digital-agency", "Q99000006")]
    assert ("org/oecd", "Q41550") in order


def test_accepted_rows_are_built_into_the_graph_and_rejected_ones_are_not(wikidata, built_copy, dist):
    link(wikidata, built_copy)
    decide(built_copy, {("org/meti", "Q99000001"): "accept", ("org/digital-agency", "Q99000005"): "reject",
                        ("org/digital-agency", "Q99000006"): "accept"})
    result = run_kg("build", cwd=built_copy)
    assert result.returncode == 0, result.stderr
    before, after = exact_matches(dist / "kg.ttl"), exact_matches(built_copy / "dist" / "kg.ttl")
    assert after - before == {(ID + "org/meti", WD + "Q99000001"), (ID + "org/digital-agency", WD + "Q99000006")}
    assert before <= after
    assert (f"<{ID}org/meti> <{EXACT_MATCH}> <{WD}Q99000001> ." in
            (built_copy / "dist" / "kg.nt").read_text(encoding="utf-8").splitlines())
    assert wikidata_linkset_count(built_copy / "dist" / "void.ttl") == wikidata_linkset_count(dist / "void.ttl") + 2
    # the linked records are no longer asked about; their decided rows stay, the other rows of org:meti go
    link(wikidata, built_copy)
    pairs = {(r.record.removeprefix(ID), r.candidate.removeprefix(WD)): r.decision for r in rows(built_copy)}
    assert pairs[("org/meti", "Q99000001")] == "accept" and pairs[("org/digital-agency", "Q99000006")] == "accept"
    assert pairs[("org/digital-agency", "Q99000005")] == "reject"
    assert ("org/meti", "Q99000011") not in pairs


def test_both_load_paths_add_the_same_accepted_links(tmp_path):
    from kg.build.load import load_project
    from kg.build.store import ASSERTED, KgStore

    root = copy_project(tmp_path, None)
    (root / "links" / "wikidata-review.tsv").write_text(
        "\t".join(COLUMNS) + "\n"
        f"{ID}org/meti\tMETI\t{WD}Q99000001\tMETI\t70\t\taccept\n"
        f"{ID}org/mic\tMIC\t{WD}Q99000020\tMIC\t10\t\treject\n"
        f"{ID}org/mod\tMOD\t{WD}Q99000021\tMOD\t10\t\t\n", encoding="utf-8")
    (root / "links" / "other-review.tsv").write_text(
        "\t".join(COLUMNS) + "\n" f"{ID}org/mext\tMEXT\t{WD}Q99000022\tMEXT\t10\t\tACCEPT\n", encoding="utf-8")
    project = Project(root)
    fast = {(q.subject.value, q.object.value) for q in KgStore().load_project(project).store.quads_for_pattern(
        None, ox.NamedNode(EXACT_MATCH), None, ASSERTED) if q.object.value.startswith(WD + "Q99")}
    reference = {(str(s), str(o)) for s, o in load_project(project).asserted().subject_objects(URIRef(EXACT_MATCH))
                 if str(o).startswith(WD + "Q99")}
    assert fast == reference == {(ID + "org/meti", WD + "Q99000001"), (ID + "org/mext", WD + "Q99000022")}


# -- malformed review files ---------------------------------------------------

GOOD = f"{ID}org/meti\tMETI\t{WD}Q99000001\tMETI\t70\treasons\t"


@pytest.mark.parametrize(
    "content, line, message",
    [
        ("record\tcandidate\tdecision\n" + GOOD + "accept\n", 1, "the header must be the columns"),
        ("\t".join(COLUMNS) + "\n" + GOOD + "yes\n", 2, "unknown decision 'yes'"),
        ("\t".join(COLUMNS) + "\n\n" + GOOD.replace(WD + "Q99000001", "https://www.wikidata.org/wiki/Q99000001") + "accept\n",
         3, "is not a Wikidata item IRI"),
        ("\t".join(COLUMNS) + "\n" + GOOD.replace(WD + "Q99000001", "wd:Q99000001") + "reject\n", 2, "is not a Wikidata item IRI"),
        ("\t".join(COLUMNS) + "\n" + GOOD.replace(WD + "Q99000001", WD + "P31") + "accept\n", 2, "is not a Wikidata item IRI"),
        ("\t".join(COLUMNS) + "\n" + GOOD.replace(ID + "org/meti", "http://example.org/meti") + "accept\n", 2,
         "is not a record IRI under https://w3id.org/ai-safety-kg/id/"),
        ("\t".join(COLUMNS) + "\n" + GOOD + "accept\textra\n", 2, "8 columns, expected 7"),
        ("\t".join(COLUMNS) + "\n" + GOOD + "accept\n" + GOOD + "reject\n", 3, "repeats the record and candidate of line 2"),
    ],
    ids=["header", "decision", "candidate-page", "candidate-prefixed", "candidate-property", "record", "columns", "repeated"],
)
def test_malformed_review_file_stops_the_build_with_file_and_line(project_copy, content, line, message):
    (project_copy / "links" / "mine-review.tsv").write_text(content, encoding="utf-8")
    for command in (["build"], ["validate"], ["build", "--reference"]):
        result = run_kg(*command, cwd=project_copy)
        assert result.returncode == 2, (command, result.stderr)
        assert result.stderr.startswith(f"kg: links/mine-review.tsv:{line}: "), result.stderr
        assert message in result.stderr and "Traceback" not in result.stderr
    assert not (project_copy / "dist").exists()


def test_a_broken_review_file_stops_kg_link_before_it_asks(built_copy):
    (built_copy / REVIEW).write_text("record\n", encoding="utf-8")
    result = run_kg("link", "wikidata", "--endpoint", f"http://127.0.0.1:{free_port()}/query", cwd=built_copy)
    assert result.returncode == 2
    assert result.stderr.startswith("kg: links/wikidata-review.tsv:1: the header must be")
    assert (built_copy / REVIEW).read_text(encoding="utf-8") == "record\n"


def test_accepting_a_record_that_does_not_exist_fails_the_check(project_copy):
    (project_copy / "links" / "wikidata-review.tsv").write_text(
        "\t".join(COLUMNS) + "\n" + GOOD.replace("org/meti", "org/no-such-body") + "accept\n", encoding="utf-8")
    result = run_kg("build", cwd=project_copy)
    assert result.returncode == 1
    assert "check link-from-unknown-record failed" in result.stderr
    assert "no-such-body" in result.stderr


# -- the command's own errors -------------------------------------------------

def test_link_needs_a_build(project_copy, wikidata):
    result = run_kg("link", "wikidata", "--endpoint", wikidata, cwd=project_copy)
    assert result.returncode == 2
    assert "run kg build first" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["link", "wikipedia", "--endpoint", "http://127.0.0.1:1/query"], "invalid choice: 'wikipedia'"),
        (["link", "wikidata"], "--endpoint"),
        (["link", "wikidata", "--endpoint", "file:///etc/passwd"], "needs an http(s) URL"),
    ],
)
def test_link_usage_errors(built_copy, arguments, message):
    result = run_kg(*arguments, cwd=built_copy)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (built_copy / REVIEW).exists()


def test_unreachable_endpoint_is_one_sentence_and_writes_nothing(built_copy):
    result = run_kg("link", "wikidata", "--endpoint", f"http://127.0.0.1:{free_port()}/query", cwd=built_copy)
    assert result.returncode == 2
    assert "Cannot reach the endpoint" in result.stderr and "Traceback" not in result.stderr
    assert not (built_copy / REVIEW).exists()


# -- injection ----------------------------------------------------------------

EVIL_EN = 'Evil" } UNION { ?item ?p ?o } # \\'
EVIL_RECORD = r'''
org:evil a aisk:Association ;
    rdfs:label "悪\"}\t{ ?item ?p ?o }"@ja , "Evil\" } UNION { ?item ?p ?o } # \\"@en ;
    skos:altLabel "x\" . } } SELECT * WHERE { ?s ?p ?o } #"@en ;
    aisk:jurisdiction jur:jp ;
    aisk:source fs:sec-1 .
'''


def test_a_label_with_quotes_and_braces_stays_a_literal(wikidata, tmp_path):
    root = copy_project(tmp_path, None)
    organizations = root / "data" / "organizations.ttl"
    organizations.write_text(organizations.read_text(encoding="utf-8") + EVIL_RECORD, encoding="utf-8")
    result = run_kg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    link(wikidata, root)
    found = rows(root)
    evil = [r for r in found if r.record == ID + "org/evil"]
    assert [(r.candidate, r.reasons) for r in evil] == [(WD + "Q99000009", f'+25 English label "{EVIL_EN}"')]
    assert evil[0].record_label == '悪"} { ?item ?p ?o } / ' + EVIL_EN  # the tab is not a column break
    others = [(r.record.removeprefix(ID), r.candidate.removeprefix(WD), int(r.score)) for r in found if r not in evil]
    assert others == EXPECTED


def test_an_item_linked_from_another_record_loses_points():
    from kg.link.wikidata import Item, Match, Record, score

    record = Record(ID + "org/meti", labels=[("経済産業省", "ja")], jurisdictions=[ID + "jurisdiction/jp"])
    item = Item(WD + "Q41550", countries={WD + "Q17"})
    points, reasons = score(record, item, Match(labels={"ja": ("経済産業省", "経済産業省", "ja")}),
                            {ID + "jurisdiction/jp": {WD + "Q17"}}, {WD + "Q41550": {ID + "org/oecd"}})
    assert points == 30 + 10 - 20
    assert reasons[-1] == "-20 already the match of org:oecd"
