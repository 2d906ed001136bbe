"""OWL 2 DL, as the OWL API's own profile checker sees it (Debian
libowlapi-java and a JDK, installed by the README's test command): no
violation in the ontology, nor in the asserted dump (ontology, vocabularies and
records together)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

CHECKER = ROOT / "tests" / "fixtures" / "ProfileCheck.java"
CLASSPATH = "/usr/share/java/*"


@pytest.fixture(scope="session")
def profile_checker(tmp_path_factory) -> list[str]:
    """The checker compiled once per session into a temporary folder: the command to run it."""
    for tool in ("javac", "java"):
        assert shutil.which(tool), f"{tool} is missing: apt-get install default-jdk-headless libowlapi-java"
    assert Path("/usr/share/java/owlapi-distribution.jar").exists(), "apt-get install libowlapi-java"
    classes = tmp_path_factory.mktemp("owlapi-classes")
    subprocess.run(["javac", "-cp", CLASSPATH, "-d", str(classes), str(CHECKER)],
                   check=True, capture_output=True, timeout=120)
    return ["java", "-cp", f"{classes}:{CLASSPATH}", "ProfileCheck"]


def violations(command: list[str], path: Path) -> tuple[int, list[str]]:
    done = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    count = int(re.search(r"violations: (\d+)$", lines[-1]).group(1))
    return count, lines[:-1]


def test_the_checker_finds_punning(profile_checker, tmp_path):
    """The checker is alive: the punning the ontology once had (a term both an
    annotation and an object property) is reported."""
    bad = tmp_path / "bad.ttl"
    bad.write_text("""
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        <https://example.org/o> a owl:Ontology .
        dcterms:creator a owl:AnnotationProperty , owl:ObjectProperty .
        <https://example.org/p> a owl:ObjectProperty ; <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> dcterms:creator .
    """, encoding="utf-8")
    count, lines = violations(profile_checker, bad)
    assert count > 0
    assert any("pun" in line.lower() for line in lines)


def test_the_ontology_is_owl2_dl(profile_checker, project):
    count, lines = violations(profile_checker, project.ontology_files[0])
    assert count == 0, "\n".join(lines[:20])


def test_the_asserted_dump_is_owl2_dl(profile_checker, dist):
    count, lines = violations(profile_checker, dist / "kg.ttl")
    assert count == 0, "\n".join(lines[:20])
