#!/usr/bin/env python3
"""scripts/check-layers against copies of src/: the real tree passes, a back-edge fails it by name.

Each case copies src/ (sources and README.md) into a temporary directory, edits the copy and runs the
script on it, so the checkout itself is never touched.
"""

import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check-layers"


class CheckLayersTest(unittest.TestCase):
    def setUp(self):
        self.temp = tempfile.TemporaryDirectory()
        self.root = pathlib.Path(self.temp.name)
        shutil.copytree(ROOT / "src", self.root / "src")

    def tearDown(self):
        self.temp.cleanup()

    def run_script(self):
        return subprocess.run(
            [sys.executable, str(SCRIPT), str(self.root)],
            capture_output=True,
            text=True,
            timeout=60,
        )

    def append(self, relative, text):
        path = self.root / relative
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(lines + [text]) + "\n", encoding="utf-8")
        return len(lines) + 1  # the line number of the added text

    def test_the_tree_passes(self):
        result = self.run_script()
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.returncode, 0)

    def test_an_include_from_util_into_app_fails_naming_file_and_line(self):
        line = self.append("src/util/status.cpp", '#include "app/scope.h"')
        result = self.run_script()
        self.assertEqual(result.returncode, 1)
        self.assertEqual(
            result.stdout,
            f"src/util/status.cpp:{line}: util may not include app (app/scope.h)\n",
        )

    def test_http_may_not_include_the_layers_above_it(self):
        line = self.append("src/http/route_table.h", '#include "oauth/bearer.h"')
        result = self.run_script()
        self.assertEqual(result.returncode, 1)
        self.assertEqual(
            result.stdout,
            f"src/http/route_table.h:{line}: http may not include oauth (oauth/bearer.h)\n",
        )

    def test_the_readme_table_is_the_rule(self):
        self.append("src/util/status.cpp", '#include "app/scope.h"')
        readme = self.root / "src" / "README.md"
        text = readme.read_text(encoding="utf-8")
        row = "| `util` | — |"
        self.assertIn(row, text)
        readme.write_text(text.replace(row, "| `util` | `app` |"), encoding="utf-8")
        result = self.run_script()
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.returncode, 0)

    def test_a_folder_missing_from_the_table_fails(self):
        (self.root / "src" / "scope").mkdir()
        (self.root / "src" / "scope" / "scope.h").write_text("#pragma once\n", encoding="utf-8")
        result = self.run_script()
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, "src/README.md: src/scope/ is not in the layer table\n")


if __name__ == "__main__":
    unittest.main()
