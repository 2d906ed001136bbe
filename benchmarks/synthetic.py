"""Synthetic graphs shaped like the curated one, at any size: instruments of
every kind with ja/en labels, dates, issuers and jurisdictions, editions that
revise and translate each other, based-on chains, provenance. The records
conform to the shapes and pass the integrity checks, so a whole build can be
timed on them.

    python benchmarks/synthetic.py 100000 /tmp/kg-100k   # a project folder with ~100k triples of data
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from kg.link.egov import parse_law_id  # noqa: E402

KINDS = ["Law", "Strategy", "Plan", "Policy", "Principles", "Guideline", "CodeOfConduct",
         "Recommendation", "Agreement", "Report", "Standard", "Initiative"]
TOPICS = ["ai-governance", "ai-safety", "generative-ai", "copyright", "personal-information", "healthcare"]
ORG_KINDS = ["GovernmentBody", "Council", "ResearchInstitute", "Association"]
TRIPLES_PER_INSTRUMENT = 34  # measured average of what one instrument below writes

PREFIXES = """@prefix aisk: <https://w3id.org/ai-safety-kg/ontology#> .
@prefix inst: <https://w3id.org/ai-safety-kg/id/instrument/> .
@prefix org: <https://w3id.org/ai-safety-kg/id/org/> .
@prefix jur: <https://w3id.org/ai-safety-kg/id/jurisdiction/> .
@prefix topic: <https://w3id.org/ai-safety-kg/id/concept/topic/> .
@prefix src: <https://w3id.org/ai-safety-kg/id/instrument/synthetic-source#> .
@prefix lang: <http://publications.europa.eu/resource/authority/language/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
"""


def write_records(path: Path, triples: int, seed: int = 7) -> int:
    """Write about ``triples`` triples of records; returns the number of instruments."""
    rng = random.Random(seed)
    instruments = max(10, triples // TRIPLES_PER_INSTRUMENT)
    orgs = max(5, instruments // 20)
    sections = max(5, instruments // 50)
    with path.open("w", encoding="utf-8") as out:
        out.write(PREFIXES + "\n")
        out.write('jur:jp a aisk:Jurisdiction ; rdfs:label "日本"@ja , "Japan"@en ; aisk:source src:sec-0 .\n')
        out.write('jur:int a aisk:Jurisdiction ; rdfs:label "国際"@ja , "International"@en ; aisk:source src:sec-0 .\n')
        out.write('<https://w3id.org/ai-safety-kg/id/instrument/synthetic-source> a aisk:Report ; '
                  'rdfs:label "合成の出典"@ja , "Synthetic source"@en ; aisk:issuedBy org:o0 ; aisk:source src:sec-0 .\n')
        for s in range(sections):
            out.write(f'src:sec-{s} a aisk:SourceSection ; rdfs:label "{s} 節"@ja , "{s} Section"@en ; '
                      f'aisk:sectionNumber "{s}" ; aisk:partOf <https://w3id.org/ai-safety-kg/id/instrument/synthetic-source> .\n')
            out.write(f'src:fn-{s + 1} a aisk:Footnote ; rdfs:label "脚注{s + 1}"@ja , "Footnote {s + 1}"@en ; '
                      f'aisk:footnoteNumber {s + 1} ; aisk:partOf src:sec-{s} ; foaf:page <https://example.org/instrument/{s}> .\n')  # the page of instrument s, which cites it
        for o in range(orgs):
            parent = f" ; aisk:subOrganizationOf org:o{rng.randrange(o)}" if o and rng.random() < 0.6 else ""
            out.write(f'org:o{o} a aisk:{rng.choice(ORG_KINDS)} ; rdfs:label "組織{o}"@ja , "Organisation {o}"@en ; '
                      f'aisk:jurisdiction jur:{"jp" if o % 7 else "int"}{parent} ; aisk:source src:sec-{o % sections} .\n')
        for i in range(instruments):
            kind = KINDS[i % len(KINDS)]
            year = 2000 + i * 25 // instruments
            section = i % sections
            lines = [
                f"inst:i{i} a aisk:{kind}",
                f'rdfs:label "文書{i}"@ja , "Instrument {i}"@en',
                f'aisk:officialTitle "文書{i}"@ja',
                f"aisk:passedBy org:o{i % orgs}" if kind == "Law" else f"aisk:issuedBy org:o{i % orgs}",
                f'dcterms:issued "{year}-{1 + i % 12:02d}"^^xsd:gYearMonth',
                f"aisk:topic topic:{TOPICS[i % len(TOPICS)]} , topic:{TOPICS[(i + 2) % len(TOPICS)]}",
                f"foaf:page <https://example.org/instrument/{i}>",
                f"aisk:source src:sec-{section} , src:fn-{section + 1}",
            ]
            if kind == "Law":
                law_id = f"5{1 + i % 7:02d}AC0000000{1 + i % 999:03d}"
                lines.append(f'aisk:eGovLawId "{law_id}" ; aisk:lawNumber "{parse_law_id(law_id).law_number}"@ja')
            if i % 8:  # lineages of up to 8 instruments, each based on an older one: no cycles, shallow as in life
                lines.append(f"aisk:basedOn inst:i{i - 1 - rng.randrange(i % 8)}")
            if i > 10 and rng.random() < 0.3:
                lines.append(f"aisk:references inst:i{rng.randrange(i)}")
            if kind == "Strategy" and (i // len(KINDS)) % 5:  # yearly series of five strategies
                lines.append(f"aisk:follows inst:i{i - len(KINDS)}")
            out.write(" ;\n    ".join(lines) + " .\n")
            out.write(f'inst:i{i}\\/first a aisk:Edition ; rdfs:label "文書{i} 初版"@ja , "Instrument {i}, first edition"@en ; '
                      f'aisk:editionOf inst:i{i} ; dcterms:issued "{year}"^^xsd:gYear ; aisk:source src:sec-{section} .\n')
            out.write(f'inst:i{i}\\/ja-2 a aisk:Edition ; rdfs:label "文書{i} 第2版"@ja , "Instrument {i}, version 2"@en ; '
                      f'aisk:editionOf inst:i{i} ; aisk:versionLabel "2" ; dcterms:language lang:JPN ; '
                      f'dcterms:issued "{year + 1}-03-28"^^xsd:date ; aisk:revises inst:i{i}\\/first ; aisk:source src:sec-{section} .\n')
            out.write(f'inst:i{i}\\/en-2 a aisk:Edition ; rdfs:label "文書{i} 第2版（英語）"@ja , "Instrument {i}, version 2 (English)"@en ; '
                      f'aisk:editionOf inst:i{i} ; aisk:versionLabel "2" ; dcterms:language lang:ENG ; '
                      f'aisk:translationOf inst:i{i}\\/ja-2 ; aisk:source src:sec-{section} .\n')
    return instruments


def make_project(triples: int, folder: Path) -> Path:
    """A project folder (ontology, vocab, queries from this checkout) whose data is synthetic."""
    if folder.exists():
        shutil.rmtree(folder)
    for part in ("ontology", "vocab", "queries"):
        shutil.copytree(ROOT / part, folder / part)
    (folder / "data").mkdir()
    write_records(folder / "data" / "synthetic.ttl", triples)
    return folder


if __name__ == "__main__":
    size, target = int(sys.argv[1]), Path(sys.argv[2])
    make_project(size, target)
    print(f"wrote {target}/data/synthetic.ttl")
