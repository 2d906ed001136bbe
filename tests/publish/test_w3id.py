"""The w3id.org .htaccess: every kind of persistent IRI, with each Accept
header a client may send, redirects to a file that kg build, kg docs and
kg site really write. Apache's mod_rewrite is emulated for the subset of
directives the generated file uses (RewriteCond on headers with [OR],
RewriteRule with [R=…,L])."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import run_kg

TARGET = "https://host.example/ai-safety-kg"


def resolve(htaccess: str, path: str, accept: str = "", language: str = "") -> str | None:
    headers = {"HTTP_ACCEPT": accept, "HTTP_ACCEPT_LANGUAGE": language}
    conditions: list[tuple[str, str, bool]] = []
    for line in htaccess.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#") or parts[0] in ("Options", "RewriteEngine"):
            continue
        if parts[0] == "RewriteCond":
            variable = parts[1][2:-1]
            conditions.append((variable, parts[2], len(parts) > 3 and "OR" in parts[3]))
            continue
        assert parts[0] == "RewriteRule", line
        pattern, target = parts[1], parts[2]
        # conditions are ANDed; [OR] joins a condition with the next one
        passed, group, joined = True, None, False
        for variable, regex, is_or in conditions:
            hit = re.search(regex, headers[variable]) is not None
            if joined:
                group = group or hit
            else:
                passed = passed and (True if group is None else group)
                group = hit
            joined = is_or
        passed = passed and (True if group is None else group)
        conditions = []
        match = re.match(pattern, path)
        if passed and match:
            return re.sub(r"\$(\d)", lambda m: match.group(int(m.group(1))) or "", target)
    return None


@pytest.fixture(scope="module")
def published(tmp_path_factory, dist):
    """A project copy with dist/ built, then its docs and site written, then the .htaccess."""
    from conftest import ROOT, SOURCE_FOLDERS

    root = tmp_path_factory.mktemp("w3id-project")
    for folder in SOURCE_FOLDERS:
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(dist, root / "dist")
    for command in (["docs"], ["site"], ["w3id", "--target", TARGET]):
        result = run_kg(*command, cwd=root)
        assert result.returncode == 0, (command, result.stderr)
    return root / "dist", (root / "dist" / "w3id" / ".htaccess").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path, accept, language, expected",
    [
        ("id/instrument/ai-promotion-act", "text/turtle", "", "site/id/instrument/ai-promotion-act.ttl"),
        ("id/instrument/ai-promotion-act", "application/ld+json", "", "site/id/instrument/ai-promotion-act.jsonld"),
        ("id/instrument/ai-promotion-act", "text/html", "ja,en;q=0.5", "site/id/instrument/ai-promotion-act.ja.html"),
        ("id/instrument/ai-promotion-act", "text/html", "en-GB", "site/id/instrument/ai-promotion-act.en.html"),
        ("id/org/aisi", "", "", "site/id/org/aisi.en.html"),
        ("id/instrument/ai-guidelines-for-business/ja-1.1", "text/turtle", "", "site/id/instrument/ai-guidelines-for-business/ja-1.1.ttl"),
        ("id/instrument/ai-safety-factsheet-2025", "text/html", "ja", "site/id/instrument/ai-safety-factsheet-2025.ja.html"),
        ("id/jurisdiction/jp", "text/turtle", "", "site/id/jurisdiction/jp.ttl"),
        ("ontology", "text/turtle", "", "kg.ttl"),
        ("ontology", "application/rdf+xml", "", "kg.ttl"),
        ("ontology", "text/html", "", "docs/ontology.html"),
        ("dataset", "text/turtle", "", "void.ttl"),
        ("dataset", "text/html", "", "site/index.html"),
        ("catalog", "text/turtle", "", "void.ttl"),
        ("dataset/inferred", "text/turtle", "", "void.ttl"),
        ("dist/kg.nt", "", "", "kg.nt"),
        ("", "text/html", "", "site/index.html"),
    ],
)
def test_persistent_iris_redirect_to_files_that_exist(published, path, accept, language, expected):
    dist, htaccess = published
    location = resolve(htaccess, path, accept, language)
    assert location == f"{TARGET}/{expected}"
    assert (dist / expected).is_file(), expected


def test_bad_target_is_refused(project_copy):
    result = run_kg("w3id", "--target", "http://insecure.example", cwd=project_copy)
    assert result.returncode == 2
    assert "https://" in result.stderr
