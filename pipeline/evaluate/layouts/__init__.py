"""Gold tables typed "by another office clerk": docx/xlsx variants of the seed tables for the
layout eval (`govtasks eval`; see LAYOUTS.md in pipeline/evaluate/).

    gold_table.py       what every layout reads from a gold table: sidecar meta, goal levels, runs of equal goals
    word_specs.py       the three Word layouts: page, font, names style, headers, column widths
    word_cells.py       python-docx cell and page helpers (fonts, row flags, fixed widths, lines, names)
    word.py             `build` / `build_docx`: one gold table as .docx, and its PDF printed by LibreOffice
    excel_columns.py    the three Excel layouts' names and column models, and where columns and goal blocks land
    excel_cells.py      openpyxl helpers shared by the Excel layouts (row values, borders, heights, widths, print setup)
    excel_annex.py / excel_ledger.py / excel_first_row.py   one Excel layout each
    excel.py            `build_xlsx`: one gold table as .xlsx in a named Excel layout
"""
