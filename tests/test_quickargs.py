"""kg query's plain command lines are read by kg.quickargs exactly as argparse
reads them; whatever it is not sure of is left to argparse (None)."""

from __future__ import annotations

import pytest

from conftest import run_kg
from kg.cli import make_parser
from kg.commands import cmd_query
from kg.quickargs import query_args

SAME = [
    ["query", "instruments"],
    ["query", "laws", "--format", "csv"],
    ["query", "--format", "json", "laws"],
    ["query", "laws", "--format=tsv", "--lang=ja"],
    ["query", "lineage-derived", "--param", "instrument=inst:ai-promotion-act", "--param", "x=y z", "--lang", "en"],
    ["query", "q.rq", "--engine", "rdflib", "--graph", "g.ttl", "--timeout", "2.5"],
    ["query", "q.rq", "--endpoint", "http://127.0.0.1:9/sparql", "--default-graph", "urn:a", "--default-graph=urn:b"],
    ["query", "q.rq", "--allow-service", "http://a/", "--allow-service", "http://b/", "--timeout=1e3"],
    ["query", "q.rq", "--param=", "--param=-x", "--format", "csv", "--format", "nt"],  # the last one wins
    ["query", "dir/with space.rq", "--timeout", "inf"],
    ["query", "laws", "--timeout=-1"],  # a value after = may start with -
]

LEFT_TO_ARGPARSE = [
    [], ["queries"], ["--version"], ["query"], ["query", "-h"], ["query", "laws", "--help"],
    ["query", "laws", "--form", "csv"],  # an abbreviation
    ["query", "laws", "--format", "yaml"], ["query", "laws", "--lang", "de"], ["query", "laws", "--engine", "x"],
    ["query", "laws", "--timeout", "soon"], ["query", "laws", "--timeout", "-1"],
    ["query", "laws", "--param"], ["query", "laws", "--param", "-x"], ["query", "laws", "--nope", "1"],
    ["query", "laws", "extra"], ["query", "-"], ["query", ""], ["query", "--", "laws"], ["query", "-1"],
    ["query", "laws", "-p", "x"],
]


def by_argparse(argv):
    return vars(make_parser(argv[0]).parse_args(argv))


@pytest.mark.parametrize("argv", SAME, ids=" ".join)
def test_plain_command_lines_read_as_argparse_reads_them(argv):
    quick = query_args(argv, cmd_query)
    assert quick is not None and vars(quick) == by_argparse(argv)


@pytest.mark.parametrize("argv", LEFT_TO_ARGPARSE, ids=" ".join)
def test_anything_else_is_left_to_argparse(argv):
    assert query_args(argv, cmd_query) is None


@pytest.mark.parametrize("argv, message", [
    (["query", "laws", "--format", "yaml"], "argument --format: invalid choice: 'yaml'"),
    (["query", "laws", "--form", "csv"], ""),  # argparse takes the abbreviation: no error
    (["query", "laws", "--nope", "1"], "unrecognized arguments: --nope 1"),
])
def test_kg_query_still_gives_argparse_messages(built_project, argv, message):
    done = run_kg(*argv, cwd=built_project)
    if message:
        assert done.returncode == 2 and message in done.stderr and done.stderr.count("\n") == 1
    else:
        assert done.returncode == 0 and done.stdout.startswith("law,")
