"""Publish: what is done to and with the engine's output.

``renderproc`` runs the pipeline in a child process that streams its pages to the engine,
``postprocess``, ``icons`` and ``pageextras`` change the final HTML, and ``site`` builds the site
atomically.
"""
