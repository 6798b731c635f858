"""No import cycle inside retrieval/, counting every import statement: module level,
function-local and TYPE_CHECKING alike."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

from tests.retrieval.imports import imports_of, module_name, sources


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sources("retrieval"):
        name = module_name(path)
        graph[name] = {
            i.module
            for i in imports_of(path)
            if i.module.startswith("retrieval.") and i.module != name
        }
    return graph


def test_retrieval_has_no_import_cycle() -> None:
    graph = _graph()
    assert len(graph) > 50 and "retrieval.people.service" in graph
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise AssertionError(f"import cycle: {' -> '.join(exc.args[1])}") from None
    # Sanity: the service comes after what it composes.
    assert order.index("retrieval.people.ranking") < order.index("retrieval.people.service")


def test_a_cycle_would_be_found() -> None:
    graph = _graph()
    graph["retrieval.people.ranking"].add("retrieval.people.service")
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError:
        return
    raise AssertionError("the checker missed a cycle")
