"""The apps' boundaries hold: imports between them go downwards only (the layers contract in .importlinter,
config > actions > journeys > workshops, with no exceptions), and no import of another app hides in a function
body to dodge a cycle. bin/test runs lint-imports before the tests as well; these tests say the same to anyone
who runs pytest alone."""

import ast
import configparser
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["config", "actions", "journeys", "workshops"]  # top to bottom


def function_body_imports(app, source):
    """(line, module) of each import of another of our packages inside a function of ``app``'s ``source``."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            found += [(node.lineno, module) for module in modules
                      if module.split(".")[0] in LAYERS and module.split(".")[0] != app]
    return found


def test_the_check_finds_an_import_of_another_app_in_a_function():
    source = "import os\n\ndef f():\n    from journeys.models import Journey\n    from . import x\n    import os\n"
    assert function_body_imports("workshops", source) == [(4, "journeys.models")]
    assert function_body_imports("journeys", source) == []


def test_no_app_imports_another_inside_a_function():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for app in LAYERS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for line, module in function_body_imports(app, path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_contract_is_the_layers_without_exceptions():
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter", encoding="utf-8")
    contracts = [name for name in config.sections() if name.startswith("importlinter:contract:")]
    assert contracts == ["importlinter:contract:layers"]
    contract = config["importlinter:contract:layers"]
    assert contract["type"] == "layers"
    assert contract["layers"].split() == LAYERS
    assert set(contract) == {"name", "type", "layers"}  # no ignore_imports, no unmatched_ignore_imports_alerting


def test_lint_imports_keeps_the_contract():
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout
