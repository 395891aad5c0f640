"""Presentation: everything that turns the processed tables into pages, charts and workbooks.

- :mod:`~govstats.report.labels`   every Chinese label, once (registry, vocabularies, severities)
- :mod:`~govstats.report.summary`  the numbers of a page, shared by dashboards, the index and the ledger
- :mod:`~govstats.report.html`     HTML fragments and pages from Jinja2 templates, one number formatter
- :mod:`~govstats.report.dashboard` one (region, quarter) dashboard's frames, for the notebook
- :mod:`~govstats.report.charts`   Plotly charts from DataFrames (offline)
- :mod:`~govstats.report.render`   Papermill + nbconvert: notebook -> offline HTML
- :mod:`~govstats.report.kernel`   the IPC kernel manager notebooks run with
- :mod:`~govstats.report.warm`     warm kernels: many notebooks in one kernel, reset between pages
- :mod:`~govstats.report.pages`    every page (dashboards, quarter overviews, region trends), rendered when
  changed, and the index page linking them
- :mod:`~govstats.report.overview` one quarter across regions, one region across quarters
- :mod:`~govstats.report.validation` the GX validation results as one offline page
- :mod:`~govstats.report.ledger`   the 整改台账 Excel workbook
- :mod:`~govstats.report.display`  Jupyter rich display of a Bulletin and a Corpus
- :mod:`~govstats.report.docs`     docs/columns.md, generated from the registry

Nothing is imported here: ``import govstats.report`` stays free of pandas, plotly and Jupyter.
"""
