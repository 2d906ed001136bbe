"""Write docs/tutorial.ipynb from the cells below and execute it, so that the
committed notebook carries its outputs (tables and the timeline plot).

    .venv/bin/python docs/make_tutorial.py

tests/api/test_tutorial.py executes the committed notebook again."""

from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent

CELLS = [
    ("md", """# The AI Safety Knowledge Graph in a notebook

This tutorial is for policy researchers. It loads the graph of the instruments
that govern AI safety in Japan (laws, strategies, guidelines, standards, …),
counts them by kind and legal force over time, traces the lineage of the
*AI Guidelines for Business* (AI事業者ガイドライン), lists the laws with their
e-Gov pages and exports a subset as JSON-LD.

Install the package with the pandas extra (`pip install 'ai-safety-kg[pandas]'`)
and matplotlib. Every record was read from the *AI Safety Factsheet 2025*
(AI セーフティ ファクトシート 2025) or from a source the record cites."""),
    ("code", """import kg

graph = kg.load()          # the graph bundled with the package (or a checkout's dist/)
print(graph)
print("dataset", graph.version, "-", graph.source)"""),
    ("md", """## The stored queries

Each stored query has a summary in English and Japanese and typed parameters."""),
    ("code", """import pandas as pd

pd.set_option("display.max_colwidth", 80)
pd.DataFrame([{"name": q.name, "summary": q.summary, "params": ", ".join(q.params)} for q in graph.queries()])"""),
    ("md", """## Every instrument, with its Japanese title

`to_pandas()` puts a readable label column beside every column of IRIs."""),
    ("code", """en = graph.query("instruments").to_pandas()
ja = graph.query("instruments", lang="ja").to_pandas()[["instrument", "title"]].rename(columns={"title": "title_ja"})
instruments = en.merge(ja, on="instrument")
print(len(instruments), "instruments")
instruments[["title_ja", "title", "kindName", "issued", "legalForce"]].head(10)"""),
    ("md", """## Kinds and legal force, year by year

`timeline` counts instruments per year and kind; `hard-and-soft-law-by-year`
splits them into binding (hard law) and non-binding (soft law)."""),
    ("code", """timeline = graph.query("timeline").to_pandas()
by_kind = timeline.pivot_table(index="year", columns="kindName", values="instruments", aggfunc="sum", fill_value=0)
by_kind.tail(8)"""),
    ("code", """force = graph.query("hard-and-soft-law-by-year").to_pandas().set_index("year")
force.tail(8)"""),
    ("code", """%matplotlib inline
import matplotlib.pyplot as plt

recent = by_kind[by_kind.index >= 2016]
fig, ax = plt.subplots(figsize=(9, 4.5))
recent.plot.bar(stacked=True, ax=ax, width=0.8, colormap="tab20")
ax.set_xlabel("year issued")
ax.set_ylabel("instruments")
ax.set_title("AI safety instruments by kind and year (2016 on)")
ax.legend(ncol=2, fontsize=8, frameon=False)
fig.tight_layout()
plt.show()"""),
    ("md", """## The lineage of the AI Guidelines for Business (AI事業者ガイドライン)

What the guidelines are based on, what is based on them (transitively), and
their editions."""),
    ("code", """business = "inst:ai-guidelines-for-business"
record = graph.record(business)
print(record.label("ja"), "/", record.label("en"))
graph.query("lineage-based-on", instrument=business).to_pandas()"""),
    ("code", """graph.query("lineage-derived", instrument=business).to_pandas()[["derived", "title", "direct"]]"""),
    ("code", """graph.query("edition-history", instrument=business).to_pandas()[["edition", "title", "version", "issued"]]"""),
    ("md", """## Japanese laws and their e-Gov pages

Law numbers and e-Gov law IDs appear only where a source gives them; blank
cells are what is not known yet."""),
    ("code", """laws = graph.query("laws", lang="ja").to_pandas()
laws["e-Gov"] = laws["eGovLawId"].map(lambda i: f"https://laws.e-gov.go.jp/law/{i}" if isinstance(i, str) else None)
laws[["title", "lawNumber", "eGovLawId", "e-Gov"]]"""),
    ("md", """## Export a subset as JSON-LD

A CONSTRUCT query gives a graph; here the neighbourhood of the AI Guidelines
for Business, written as JSON-LD for another tool."""),
    ("code", """subset = graph.query("neighbourhood", record=business).to_graph()
subset.serialize("ai-guidelines-for-business.jsonld", format="json-ld", indent=1)
print(len(subset), "triples written to ai-guidelines-for-business.jsonld")"""),
    ("md", """## Any SPARQL

`query()` also takes SPARQL text."""),
    ("code", """graph.query('''
PREFIX aisk: <https://w3id.org/ai-safety-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?issuer (COUNT(?i) AS ?instruments) WHERE {
  ?i a aisk:Instrument ; aisk:issuedBy ?issuer .
} GROUP BY ?issuer ORDER BY DESC(?instruments) LIMIT 8
''').to_pandas(lang="ja")"""),
]


def make(path: Path = HERE / "tutorial.ipynb", workdir: Path | None = None) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
                      for kind, src in CELLS]
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(workdir or path.parent)}}).execute()
    nbformat.write(notebook, path)
    return notebook


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:  # the exported JSON-LD lands here, not in docs/
        make(workdir=Path(scratch))
    print(f"Wrote {HERE / 'tutorial.ipynb'}")
