"""The wheel carries the built graph in ``kg/bundled/``.

Before packaging, ``build_py`` runs the project's own pipeline (``kg build``)
from the source tree into the wheel's build folder, then copies the stored
queries, the ontology, the shapes, the JSON-LD context and the vocabularies
beside it. Any failure stops the wheel: a wheel without the graph is never
built. Editable installs (``pip install -e .``) skip this; they use the
checkout itself. Everything else is declared in pyproject.toml.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = {  # folder -> files copied beside the built graph
    "queries": ["*.rq"],
    "ontology": ["aisk.ttl", "shapes.ttl", "context.jsonld"],
    "vocab": ["*.ttl"],
}
DUMPS = ["kg.ttl", "kg-inferred.ttl", "entailments.ttl", "kg.nt", "kg.jsonld",
         "void.ttl", "validation.ttl", "queries.ttl"]


class BuildWithGraph(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        bundled = Path(self.build_lib) / "kg" / "bundled"
        shutil.rmtree(bundled, ignore_errors=True)
        built = subprocess.run([sys.executable, "-m", "kg", "build", "--out", str(bundled / "dist")],
                               cwd=ROOT, capture_output=True, text=True)
        if built.returncode != 0:
            raise SystemExit(f"kg build failed, so no wheel is built:\n{built.stderr}")
        missing = [name for name in DUMPS if not (bundled / "dist" / name).is_file()]
        if missing:
            raise SystemExit(f"kg build wrote no {', '.join(missing)}; no wheel is built.")
        for folder, patterns in SHIPPED.items():
            for pattern in patterns:
                for path in sorted((ROOT / folder).glob(pattern)):
                    (bundled / folder).mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, bundled / folder / path.name)
        if not list((bundled / "queries").glob("*.rq")):
            raise SystemExit("No stored queries found to ship; no wheel is built.")


setup(cmdclass={"build_py": BuildWithGraph})
