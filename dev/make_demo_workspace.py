"""Create the demo's workspace: a small research folder to publish, once.

Existing files are left alone, so a user's changes survive a restart of the demo.
"""

import json
import sys
from pathlib import Path

root = Path(sys.argv[1])
project = root / "co2-analysis"
if not project.exists():
    (project / "data").mkdir(parents=True)
    rows = ["time,site,co2_ppm"] + [
        f"2026-01-{1 + i // 24:02d}T{i % 24:02d}:00Z,HTM,{415 + (i % 17) * 0.37:.2f}" for i in range(24 * 20)
    ]
    (project / "data" / "co2.csv").write_text("\n".join(rows) + "\n")
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# CO2 at Hyltemossa\n", "A small demo analysis."]},
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": ["import csv\n", "rows = list(csv.DictReader(open('data/co2.csv')))\n", "len(rows)"],
            },
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (project / "analysis.ipynb").write_text(json.dumps(notebook, indent=1))
    (project / "README.md").write_text("# CO2 analysis\n\nA demo folder to publish with the Share menu.\n")
print(f"demo workspace: {root}")
