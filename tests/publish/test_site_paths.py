"""kg site writes only inside its output folder, whatever the record IRIs say.

A record IRI is turned into a file path (``…/id/instrument/x`` becomes
``id/instrument/x.en.html``), so an IRI with ``..`` in it could point a file
outside the site. kg site refuses such a record with one sentence and exit 2,
before writing anything; and every path it writes is resolved and checked
against the output folder as a second guard.
"""

from __future__ import annotations

import pytest

from conftest import ROOT, run_kg

ESCAPING = [
    "https://w3id.org/ai-safety-kg/id/instrument/../../../../escaped",
    "https://w3id.org/ai-safety-kg/id/instrument/../../../escaped",
    "https://w3id.org/ai-safety-kg/id/instrument/ai-promotion-act#../../../escaped",
    "https://w3id.org/ai-safety-kg/id/./instrument//escaped",
]


@pytest.mark.parametrize("iri", ESCAPING)
def test_a_record_iri_that_climbs_out_is_refused(tmp_path, iri):
    dist = tmp_path / "deep" / "deeper" / "dist"
    dist.mkdir(parents=True)
    (dist / "kg-inferred.ttl").write_text(
        f'<{iri}> <http://www.w3.org/2000/01/rdf-schema#label> "Escaped"@en .\n'
        '<https://w3id.org/ai-safety-kg/id/instrument/fine> <http://www.w3.org/2000/01/rdf-schema#label> "Fine"@en .\n',
        encoding="utf-8")
    out = tmp_path / "deep" / "deeper" / "site"
    result = run_kg("site", "--dist", str(dist), "--out", str(out), cwd=ROOT)
    assert result.returncode == 2, result.stdout + result.stderr
    message = result.stderr.strip()
    assert message.count("\n") == 0 and "Traceback" not in message, message
    assert iri in message and "outside" in message, message
    assert not out.exists()
    assert not [p for p in tmp_path.rglob("*escaped*")], list(tmp_path.rglob("*"))
    assert sorted(p.name for p in (tmp_path / "deep" / "deeper").iterdir()) == ["dist"]


def test_every_written_path_is_checked_against_the_folder(tmp_path):
    """The second guard: a file whose path leaves the folder is refused even if it got past the record check."""
    from kg.errors import UsageError
    from kg.project import Project
    from kg.publish.site import _write

    out = tmp_path / "site"
    with pytest.raises(UsageError, match=r"id/\.\./\.\./outside\.html would be written outside"):
        _write({"index.html": "fine", "id/../../outside.html": "not fine"}, out, Project(ROOT))
    assert not (tmp_path / "outside.html").exists() and not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []
