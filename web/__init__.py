"""`sendkg serve`: a local, read-only web app over the same library functions as the CLI.

`app.create_app(site)` builds the Starlette application for a loaded `site.Site` (the
graph and the folders its source papers may be read from). Each page group has its own
routes module (search, entity and source, governance and boards, plans, checks); the
pages are Jinja2 templates with autoescaping on, and the only script is the small
vendored static/search.js. No page runs a question of its own: each calls the function
the matching CLI command calls (sendkg.queries.questions.answer, find_entities,
board_directory, cited_lines, run_lint, duplicates, the HTML and SVG renderers).
"""
