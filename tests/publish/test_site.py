"""kg site: the static website, checked as files and then in a real browser.

The site is written once per module through the command line. The file
checks read every page: each internal link and alternate link resolves, each
record of the graph has a Japanese and an English page, each record's JSON-LD
reads back as the same triples as its Turtle, and the lineage SVG draws every
based-on and revises triple. Then Debian's chromium, driven by selenium
through chromedriver, opens the pages from the disk (file://), follows links,
and takes screenshots that must not be blank. A missing browser fails the
tests: it does not skip them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import urllib.parse
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import ROOT, run_kg
from kg.query.catalogue import stored_queries

BASE = "https://w3id.org/ai-safety-kg/"
ID = BASE + "id/"
AISK = BASE + "ontology#"
INST = ID + "instrument/"
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KG_CHROMEDRIVER", "/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def site(dist, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_kg("site", "--dist", str(dist), "--out", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert f"{out}/" in result.stdout or "Wrote" in result.stdout
    return out


@pytest.fixture(scope="module")
def graph(dist) -> ox.Store:
    store = ox.Store()
    store.load(path=str(dist / "kg-inferred.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def records(graph) -> list[str]:
    return sorted({t.subject.value for t in graph.quads_for_pattern(None, None, None)
                   if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(ID)})


def pairs(graph, predicate: str) -> set[tuple[str, str]]:
    return {(q.subject.value, q.object.value) for q in graph.quads_for_pattern(None, ox.NamedNode(predicate), None)}


def page(site: Path, iri: str, lang: str) -> Path:
    return site / f"id/{iri[len(ID):].replace('#', '/')}.{lang}.html"


def data_file(site: Path, iri: str, suffix: str) -> Path:
    return site / f"id/{iri[len(ID):].replace('#', '/')}{suffix}"


class Links(HTMLParser):
    """Every href/src of a page, its alternate links, its ids, and the text of its relation rows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, dict]] = []
        self.ids: set[str] = set()
        self.rows: dict[str, list[str]] = {}
        self._th: str | None = None
        self._in_th = False
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src", "xlink:href", "data"):
            if name in attrs and attrs[name] is not None:
                self.links.append((tag, attrs[name], attrs))
        if tag == "th":
            self._in_th, self._th = True, ""
        if tag == "a" and self._th and not self._in_th:
            self.rows.setdefault(self._th, []).append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_th = False
        if tag == "tr":
            self._th = None

    def handle_data(self, data):
        if self._in_th:
            self._th += data


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def resolve(source: Path, link: str) -> tuple[Path, str]:
    target, _, fragment = link.partition("#")
    return (source.parent / urllib.parse.unquote(target)).resolve() if target else source.resolve(), fragment


# -- the command ----------------------------------------------------------------------------------

def test_missing_dist_is_a_usage_error(project_copy):
    result = run_kg("site", cwd=project_copy)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "run kg build first" in lines[0]
    assert not (project_copy / "dist").exists()


def test_refuses_to_replace_a_folder_it_did_not_write(project_copy, dist):
    before = sorted(p.name for p in (project_copy / "data").iterdir())
    result = run_kg("site", "--dist", str(dist), "--out", "data", cwd=project_copy)
    assert result.returncode == 2
    assert "did not write" in result.stderr
    assert sorted(p.name for p in (project_copy / "data").iterdir()) == before


def test_default_folder_and_rewrite(project_copy, dist):
    shutil.copytree(dist, project_copy / "dist")
    for _ in range(2):  # the second run replaces the site the first one wrote
        result = run_kg("site", cwd=project_copy)
        assert result.returncode == 0, result.stderr
        assert "dist/site/" in result.stdout
    assert (project_copy / "dist" / "site" / "index.html").is_file()
    assert not [p for p in (project_copy / "dist").iterdir() if p.name.startswith(".site")]


# -- the files ------------------------------------------------------------------------------------

def test_every_record_has_a_japanese_and_an_english_page_and_data_files(site, graph):
    found = records(graph)
    assert len(found) > 250
    for iri in found:
        for lang, other in (("ja", "en"), ("en", "ja")):
            path = page(site, iri, lang)
            assert path.is_file(), f"no {lang} page for {iri}"
            parsed = parse(path)
            assert parsed.lang == lang
            switches = [href for tag, href, attrs in parsed.links if tag == "a" and attrs.get("hreflang") == other]
            assert switches and resolve(path, switches[0])[0] == page(site, iri, other).resolve()
        assert data_file(site, iri, ".ttl").is_file() and data_file(site, iri, ".jsonld").is_file()


def test_a_fragment_iri_lands_on_an_anchor_of_its_document_page(site, graph):
    """A browser sent to …/instrument/ai-safety-factsheet-2025#fn-27 finds #fn-27 on the factsheet's page,
    and one sent to …/instrument/radio-act#src-law-number (a sourced statement) finds it on the Radio Act's."""
    fragments = [iri for iri in records(graph) if "#" in iri]
    assert len(fragments) > 100
    documents = {iri.split("#", 1)[0] for iri in fragments}
    assert INST + "ai-safety-factsheet-2025" in documents and len(documents) > 1
    for lang in ("en", "ja"):
        for document in documents:
            ids = parse(page(site, document, lang)).ids
            assert {iri.split("#", 1)[1] for iri in fragments if iri.startswith(document + "#")} <= ids


def test_every_internal_link_resolves_and_nothing_is_absolute(site):
    checked = 0
    files = sorted(site.rglob("*.html")) + sorted(site.rglob("*.svg"))
    anchors: dict[Path, set[str]] = {}
    for path in files:
        parsed = parse(path) if path.suffix == ".html" else None
        if parsed is None:
            root = ET.parse(path).getroot()
            links = [(el.tag, el.get("href") or el.get("{http://www.w3.org/1999/xlink}href"), {}) for el in root.iter()
                     if el.get("href") or el.get("{http://www.w3.org/1999/xlink}href")]
        else:
            links = parsed.links
            anchors[path.resolve()] = parsed.ids
        for tag, link, attrs in links:
            scheme = urllib.parse.urlsplit(link).scheme
            if scheme in ("http", "https"):
                assert tag == "a", f"{path.relative_to(site)} loads {link} from the web"
                continue
            if scheme == "data" or link.startswith("#") and path.suffix == ".svg":
                continue
            assert not scheme and not link.startswith("/"), f"{path.relative_to(site)}: {link} is not relative"
            target, fragment = resolve(path, link)
            assert target.is_file(), f"{path.relative_to(site)}: {link} leads nowhere"
            assert site.resolve() in target.parents
            if fragment and target.suffix == ".html":
                ids = anchors.get(target) or parse(target).ids
                assert fragment in ids, f"{path.relative_to(site)}: no #{fragment} in {link}"
            checked += 1
    assert checked > 5000


def test_record_pages_name_their_turtle_and_json_ld(site, graph):
    for iri in records(graph):
        path = page(site, iri, "en")
        alternates = {attrs.get("type"): href for tag, href, attrs in parse(path).links
                      if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("type")}
        assert set(alternates) == {"text/turtle", "application/ld+json"}, path
        stem = path.name[: -len(".en.html")]
        assert alternates == {"text/turtle": f"{stem}.ttl", "application/ld+json": f"{stem}.jsonld"}
        for href in alternates.values():
            assert resolve(path, href)[0].is_file()


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_json_ld_reads_back_as_the_same_triples_as_the_turtle(site, graph):
    context = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    for iri in records(graph):
        document = json.loads(data_file(site, iri, ".jsonld").read_text(encoding="utf-8"))
        assert document["@context"] == context
        first = document["@graph"][0]
        assert first["id"] in (iri, *(f"{p}:{iri[len(ns):]}" for p, ns in context.items()
                                      if isinstance(ns, str) and iri.startswith(ns)))
        turtle = Graph().parse(data_file(site, iri, ".ttl"), format="turtle")
        json_ld = Graph().parse(data_file(site, iri, ".jsonld"), format="json-ld")
        if not isomorphic(turtle, json_ld):
            _, only_ttl, only_jsonld = graph_diff(to_isomorphic(turtle), to_isomorphic(json_ld))
            pytest.fail(f"{iri}: only in Turtle {sorted(only_ttl)[:3]}, only in JSON-LD {sorted(only_jsonld)[:3]}")


def test_record_data_holds_own_incoming_and_neighbour_labels(site):
    turtle = Graph().parse(site / "id/instrument/ai-guidelines-for-business.ttl", format="turtle")
    record = f"<{INST}ai-guidelines-for-business>"
    ask = lambda pattern: turtle.query(f"ASK {{ {pattern} }}").askAnswer
    assert ask(f'{record} <http://www.w3.org/2000/01/rdf-schema#label> "AI Guidelines for Business"@en')
    assert ask(f"<{INST}text-genai-risk-measures-guidebook> <{AISK}basedOn> {record}")  # pointing at it
    assert ask(f'<{ID}org/meti> <http://www.w3.org/2000/01/rdf-schema#label> ?l')  # a neighbour's label
    assert not ask(f"<{ID}org/meti> <{AISK}jurisdiction> ?j")  # but not the neighbour's other triples


def test_lineage_svg_draws_every_based_on_and_revises_triple(site, graph):
    for lang in ("en", "ja"):
        root = ET.parse(site / f"lineage.{lang}.svg").getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        edges = {(g.get("data-subject"), g.get("data-predicate"), g.get("data-object"), g.get("class"))
                 for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-subject")}
        for predicate, css in ((AISK + "basedOn", "edge based-on"), (AISK + "revises", "edge revises")):
            expected = pairs(graph, predicate)
            assert expected
            drawn = {(s, o) for s, p, o, c in edges if p == predicate and c == css}
            assert drawn == expected
        nodes = {g.get("data-iri") for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-iri")}
        assert {x for s, p, o, c in edges for x in (s, o)} <= nodes
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="lineage.en.html"' in index and 'src="lineage.en.svg"' in index
    assert "<svg" in page(site, INST + "ai-guidelines-for-business", "ja").read_text(encoding="utf-8")


def test_relations_are_linked_both_ways(site):
    def targets(iri, lang, heading):
        path = page(site, iri, lang)
        rows = parse(path).rows
        assert heading in rows, f"{iri}: no row {heading!r} in {sorted(rows)}"
        return {resolve(path, href)[0] for href in rows[heading]}

    guidebook, business = INST + "text-genai-risk-measures-guidebook", INST + "ai-guidelines-for-business"
    assert page(site, business, "en").resolve() in targets(guidebook, "en", "Based on")
    assert page(site, guidebook, "en").resolve() in targets(business, "en", "Basis for")
    assert page(site, guidebook, "ja").resolve() in targets(business, "ja", "根拠となる")
    first, second = business + "/first", business + "/ja-1.1"
    assert page(site, first, "en").resolve() in targets(second, "en", "Revises")
    assert page(site, second, "en").resolve() in targets(first, "en", "Revised by")
    assert page(site, business, "en").resolve() in targets(ID + "org/meti", "en", "Issued")
    hiroshima = INST + "hiroshima-ai-process"
    assert targets(hiroshima, "en", "Has part") and targets(hiroshima, "en", "Basis for")
    assert page(site, business, "en").resolve() in targets(INST + "aisi-evaluation-guide", "en", "References")
    assert page(site, INST + "aisi-evaluation-guide", "en").resolve() in targets(business, "en", "Referenced by")


def test_record_page_shows_titles_dates_editions_provenance_and_external_links(site):
    text = page(site, INST + "ai-guidelines-for-business", "ja").read_text(encoding="utf-8")
    assert "<h1>AI事業者ガイドライン</h1>" in text and "AI Guidelines for Business" in text
    assert '<time datetime="2024-04">2024年4月</time>' in text
    assert re.search(r'<ol class="timeline">.*2024年4月.*2025年3月.*2025年4月', text, re.S)
    assert "脚注27" in text and "https://www.meti.go.jp/shingikai/mono_info_service/ai_shakai_jisso/pdf/20250328_1.pdf" in text
    law = page(site, INST + "ai-promotion-act", "en").read_text(encoding="utf-8")
    assert 'href="https://laws.e-gov.go.jp/law/507AC0000000053"' in law and "4 June 2025" in law
    japan = page(site, ID + "jurisdiction/jp", "en").read_text(encoding="utf-8")
    assert 'href="http://www.wikidata.org/entity/Q17"' in japan


def test_listing_pages_cover_every_instrument(site, graph):
    instruments = {q.subject.value for q in graph.quads_for_pattern(None, ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(AISK + "Instrument"))}
    for name in ("index.html", "index.ja.html", "kinds.en.html", "kinds.ja.html", "years.en.html", "years.ja.html"):
        path = site / name
        linked = {resolve(path, href)[0] for tag, href, attrs in parse(path).links if tag == "a"}
        lang = "ja" if ".ja." in name else "en"
        missing = [i for i in instruments if page(site, i, lang).resolve() not in linked]
        assert not missing, f"{name} misses {missing[:3]}"
    issuers = (site / "issuers.en.html").read_text(encoding="utf-8")
    assert "Ministry of Economy, Trade and Industry" in issuers and "Japan AI Safety Institute" in issuers


def test_query_catalogue_page(site):
    queries = stored_queries(ROOT / "queries")
    en = (site / "queries.en.html").read_text(encoding="utf-8")
    ja = (site / "queries.ja.html").read_text(encoding="utf-8")
    from html import escape

    for q in queries:
        assert f'id="q-{q.name}"' in en and f'id="q-{q.name}"' in ja
        assert escape(q.summary) in en and escape(q.summary_ja) in ja
        for name in q.params:
            assert f"<code>{name}</code>" in en
    assert escape(queries[0].text.splitlines()[-1]) in en


def test_text_from_the_data_is_escaped(dist, tmp_path):
    """A label with markup in it shows as text, never as markup."""
    from kg.publish.site import Graph as SiteGraph, Site

    store = ox.Store()
    store.load(path=str(dist / "kg-inferred.ttl"), format=ox.RdfFormat.TURTLE)
    nasty = '<script>alert("x")</script> & "quotes"'
    store.add(ox.Quad(ox.NamedNode(INST + "ai-guidelines-for-business"), ox.NamedNode(
        "http://www.w3.org/2004/02/skos/core#altLabel"), ox.Literal(nasty, language="en")))
    context = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    html = Site(SiteGraph(store), context, []).record_page(INST + "ai-guidelines-for-business", "en")
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html


# -- in a real browser ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is not installed: pip install selenium (the site tests need a real browser).")
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).is_file():
            pytest.fail(f"{path} is missing: apt-get install -y chromium chromium-driver fonts-noto-cjk "
                        f"(or set KG_CHROMIUM / KG_CHROMEDRIVER); the site tests need a real browser.")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--no-first-run",
                     "--disable-sync", "--window-size=1280,900",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver, path: Path) -> None:
    driver.get(path.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    assert_no_errors(driver, path)


def assert_no_errors(driver, where) -> None:
    severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert not severe, f"{where}: {severe}"


def test_pages_render_without_errors_in_chromium(site, browser):
    from selenium.webdriver.common.by import By

    for relative in ("index.html", "index.ja.html", "kinds.en.html", "issuers.ja.html", "years.en.html",
                     "queries.ja.html", "lineage.en.html", "lineage.ja.svg"):
        open_page(browser, site / relative)
    for iri in (INST + "ai-promotion-act", INST + "ai-guidelines-for-business/ja-1.1", ID + "org/aisi",
                ID + "jurisdiction/jp", INST + "ai-safety-factsheet-2025#fn-27", ID + "concept/instrument-kind/guideline"):
        for lang in ("en", "ja"):
            open_page(browser, page(site, iri, lang))
            assert browser.find_element(By.TAG_NAME, "h1").text.strip()
    # the style sheet is applied (a file:// page loads it from beside itself)
    header = browser.find_element(By.CSS_SELECTOR, "header.top")
    assert header.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")


def test_following_links_in_chromium(site, browser):
    from selenium.webdriver.common.by import By

    open_page(browser, site / "index.html")
    browser.find_element(By.LINK_TEXT, "By kind").click()
    assert browser.current_url.endswith("/kinds.en.html")
    assert_no_errors(browser, "kinds.en.html")
    browser.find_element(By.LINK_TEXT, "AI Guidelines for Business").click()
    assert browser.current_url.endswith("/id/instrument/ai-guidelines-for-business.en.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "AI Guidelines for Business"
    browser.find_element(By.CSS_SELECTOR, "#relations a[href$='text-genai-risk-measures-guidebook.en.html']").click()
    assert browser.current_url.endswith("/text-genai-risk-measures-guidebook.en.html")
    browser.find_element(By.CSS_SELECTOR, "header .switch").click()
    assert browser.current_url.endswith("/text-genai-risk-measures-guidebook.ja.html")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja"
    # a box of the inline lineage diagram is a link to its record
    link = browser.find_element(By.CSS_SELECTOR, "#lineage svg a[href$='ai-guidelines-for-business.ja.html']")
    box = link.find_element(By.TAG_NAME, "rect")
    assert box.size["width"] > 100
    link.click()  # the link, not the rect: the box's label (inside the same link) may lie over the rect's centre
    assert browser.current_url.endswith("/id/instrument/ai-guidelines-for-business.ja.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "AI事業者ガイドライン"
    browser.find_element(By.CSS_SELECTOR, "#editions a[href$='ja-1.1.ja.html']").click()
    assert browser.current_url.endswith("/id/instrument/ai-guidelines-for-business/ja-1.1.ja.html")
    browser.find_element(By.CSS_SELECTOR, "link[type='text/turtle']")
    assert_no_errors(browser, "the pages followed")


def test_screenshots_are_not_blank(site, browser, tmp_path):
    if shutil.which("fc-list"):  # fontconfig, as chromium on Linux uses: Japanese must not render as boxes
        import subprocess

        japanese = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True).stdout
        assert japanese.strip(), "no font for Japanese text: apt-get install -y fonts-noto-cjk"
    shots = {}
    for name, path in (("index", site / "index.html"),
                       ("record-ja", page(site, INST + "ai-guidelines-for-business", "ja"))):
        open_page(browser, path)
        shots[name] = tmp_path / f"{name}.png"
        assert browser.save_screenshot(str(shots[name]))
    for name, shot in shots.items():
        width, height, pixels = decode_png(shot.read_bytes())
        assert (width, height) >= (800, 600), (name, width, height)
        sample = pixels[::7]
        colours = set(sample)
        commonest = max(colours, key=sample.count) if len(colours) < 50 else None
        assert len(colours) > 200, f"{name}: only {len(colours)} colours in {shot} (most often {commonest})"
        light = sum(1 for r, g, b in sample if min(r, g, b) >= 245)
        assert light < 0.95 * len(sample), f"{name}: {shot} is nearly blank"
        assert light > 0.3 * len(sample), f"{name}: {shot} is mostly dark: not the page's light background"


def decode_png(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Width, height and RGB(A) pixels of an 8-bit, non-interlaced PNG (what chromium's screenshots are)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, compressed = 8, bytearray()
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and not interlace, (depth, colour, interlace)
        elif kind == b"IDAT":
            compressed += body
        position += 12 + length
    raw = zlib.decompress(bytes(compressed))
    size = 3 if colour == 2 else 4
    stride = width * size
    previous = bytearray(stride)
    pixels: list[tuple[int, ...]] = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(size, stride):
                line[i] = (line[i] + line[i - size]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                line[i] = (line[i] + ((line[i - size] if i >= size else 0) + previous[i]) // 2) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - size] if i >= size else 0
                b, c = previous[i], previous[i - size] if i >= size else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        pixels.extend(tuple(line[i:i + 3]) for i in range(0, stride, size))
        previous = line
    return width, height, pixels
