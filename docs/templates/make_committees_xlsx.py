"""Write docs/templates/committees.xlsx, the Excel template for a county's public health committee list.

Run: PYTHONPATH=. .venv/bin/python docs/templates/make_committees_xlsx.py
The result is committed; `guardians import-xlsx` reads workbooks written on it.
"""

from __future__ import annotations

from pathlib import Path

from generator.tools.importxlsx import write_template

if __name__ == "__main__":
    write_template(Path(__file__).resolve().parent / "committees.xlsx")
