"""The catalogue of problem codes: each kind of problem with its summary, an example,
the fix and its severity. It is the single source of the error reference in
CONTRIBUTING.md (``problems.error_reference``; a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    """One kind of problem, documented for the error reference."""

    code: str
    summary: str
    example: str
    fix: str
    severity: Severity = "error"  # a warning is printed but does not stop the build


CODES: dict[str, Code] = {
    c.code: c
    for c in [
        Code(
            "yaml-syntax",
            "The file is not valid YAML.",
            "statement: Vell: a town   # a second ': ' on one line",
            "Quote the value, or use a `>-` block for long text.",
        ),
        Code(
            "yaml-duplicate-key",
            "The same key appears twice in one mapping; YAML would silently keep the last one.",
            "id: f1001\nid: f1002",
            "Delete or rename one of the keys.",
        ),
        Code(
            "yaml-anchor",
            "Anchors (&a), aliases (*a) and merge keys are not allowed; each record is written out in full.",
            "about: &who [acme]\n...\nabout: *who",
            "Write the value out where it is used.",
        ),
        Code(
            "yaml-tag",
            "Explicit tags such as !!str, !!binary or !!set are not allowed.",
            "value: !!float 1.5",
            "Remove the tag; every value is read as text and checked by the schema.",
        ),
        Code(
            "yaml-multiple-documents",
            "A file holds more than one YAML document (a second `---`).",
            "facts: []\n---\nfacts: []",
            "Keep one document per file; move the rest to another file.",
        ),
        Code(
            "yaml-non-string-key",
            "A mapping key is a list or mapping rather than a name.",
            "? [a, b]\n: c",
            "Use plain names as keys.",
        ),
        Code(
            "encoding",
            "The file is not valid UTF-8, or contains characters that are not allowed.",
            "a file saved as Latin-1, or a NUL byte",
            "Save the file as UTF-8 and remove control characters.",
        ),
        Code(
            "file-unsafe",
            "An entry in facts/ is a symbolic link, a pipe, a socket or a device: it is neither followed nor read.",
            "facts/facts/extra.yaml -> /etc/passwd",
            "Replace the link with a plain file that holds the data.",
        ),
        Code(
            "file-unexpected",
            "A file in facts/ that nothing reads: a hidden file, a file of another type, an odd name, or a folder nested too deep.",
            "facts/facts/.draft.yaml, facts/notes.md or facts/facts/my fact.yaml",
            "Rename it to a plain .yaml name (letters, digits, '.', '_', '-'), move it out of facts/, or delete it.",
        ),
        Code(
            "limit-file-size",
            "The file is larger than the allowed size.",
            "a 5 MB facts file",
            "Split the records over several files.",
        ),
        Code(
            "limit-depth",
            "Lists or mappings are nested deeper than the allowed depth.",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "Flatten the structure; no record needs deep nesting.",
        ),
        Code(
            "limit-string-length",
            "A text value is longer than the allowed length.",
            "a statement of 20,000 characters",
            "Shorten the text; statements are one or two sentences.",
        ),
        Code(
            "limit-node-count",
            "The file holds more values than the allowed number.",
            "a file with millions of list items",
            "Split the records over several files.",
        ),
        Code(
            "schema-type",
            "A value has the wrong type (for example a list where a mapping is expected).",
            "about: acme        # should be a list: [acme]",
            "Write the value in the shape the data format describes.",
        ),
        Code(
            "schema-required",
            "A required field is missing.",
            "a fact without `citations`",
            "Add the field.",
        ),
        Code(
            "schema-unknown-field",
            "A field name is not part of the data format (often a typo).",
            "statment: ...",
            "Fix the spelling, or remove the field.",
        ),
        Code(
            "schema-enum",
            "A value is not one of the allowed choices.",
            "status: rumour",
            "Use one of the values listed in the message.",
        ),
        Code(
            "schema-empty",
            "A text value or list is empty where content is required.",
            'statement: ""',
            "Fill in the value, or remove the optional field.",
        ),
        Code(
            "schema-pattern",
            "A value does not have the required form (an id, a number).",
            "value: 1,000",
            "Write ids in lowercase-with-hyphens and numbers as plain digits.",
        ),
        Code(
            "text-control-char",
            "Text contains invisible control, bidirectional or zero-width characters, or line separators.",
            "name: 'Hua\\u200bwei'",
            "Retype the text without the invisible character.",
        ),
        Code(
            "text-placeholder",
            "A placeholder left by `new` has not been filled in.",
            "statement: TODO write the statement",
            "Replace every TODO with real content.",
        ),
        Code(
            "url-invalid",
            "A URL is malformed or uses a scheme other than http or https.",
            "url: javascript:alert(1)",
            "Give a full http:// or https:// address.",
        ),
        Code(
            "id-duplicate",
            "Two records of the same kind share an id.",
            "two entities with id: acme",
            "Merge the records, or give one of them a new id.",
        ),
        Code(
            "id-slug-collision",
            "Two records would be published at the same page address.",
            "names that differ only by accents or Unicode normalisation",
            "Give one of the records a different id.",
        ),
        Code(
            "ref-unknown",
            "A reference names a record that does not exist.",
            "about: [nvo]",
            "Use an existing id (the message suggests the closest one), or add the record.",
        ),
        Code(
            "date-invalid",
            "A date is malformed or does not exist.",
            "date: 2018-02-30",
            "Write YYYY, YYYY-MM, YYYY-MM-DD or START/END with a real date.",
        ),
        Code(
            "date-inferred-evidence",
            "An inferred date has no evidence, or evidence is given for a stated date.",
            "date: {value: 2020-07, basis: inferred}",
            "Explain in `evidence` how the date was worked out.",
        ),
        Code(
            "quote-not-found",
            "A quote does not appear verbatim in its source's archived text.",
            "quote: Acme doubled its output   # the source says 'Acme doubled its annual output'",
            "Copy the words exactly from the source; only spacing, curly quotes and dashes may differ.",
        ),
        Code(
            "quote-length",
            "A quote is too short to verify, or longer than the 20 words a quote may have.",
            "quote: Acme",
            "Quote between 4 and 20 words: the shortest span that proves the statement.",
        ),
        Code(
            "quote-budget",
            "Quotes from one source, taken together, cover more than one third of its words: the site would republish it.",
            "source 'daily-news': quotes cover 410 of its 900 words (45.6%), over the budget of 1/3 (300 words)",
            "Shorten quotes to the few words that prove each statement (a figure with its noun, the key phrase); "
            "the statement carries the information.",
        ),
        Code(
            "attribution-missing",
            "A statement that is not `official` does not name who makes the claim.",
            "statement: Leaked documents show a budget of 1 million yuan.",
            "Name a `claimed_by` entity (by its name or an alias) or the source's publisher in the statement: "
            "'According to The Daily News, ...'. Use `official` only for an official body's own words or document.",
        ),
        Code(
            "alias-shared",
            "One name or alias leads to two entities (or is listed twice for one).",
            "aliases: [Springfield]   # on 'state-government', while 'springfield' is the city",
            "Keep the name on the one entity it names; use the other entity's own name in statements.",
        ),
        Code(
            "alias-split",
            "Two neighbouring aliases look like one name cut in two by the comma of a YAML flow list. "
            "A warning: the rule guesses from the texts, so a true pair of names can trip it.",
            "aliases: [Acme Widgets, Inc.]",
            'Quote the name so that its comma stays inside it: aliases: ["Acme Widgets, Inc."].',
            "warning",
        ),
        Code(
            "archive-missing",
            "A source's archived text cannot be found, or differs from the fingerprint on record.",
            "archive: 009_missing.txt",
            "Pass --archive DIR pointing at the texts, or refresh the fingerprint with `fingerprint`.",
        ),
        Code(
            "fingerprint-stale",
            "The archived text differs from the fingerprint committed for it.",
            "an archived text corrected after its fingerprint was made",
            "Run `python -m generator fingerprint --archive DIR` and commit the new fingerprint.",
        ),
        Code(
            "fingerprint-invalid",
            "A committed fingerprint file is not a fingerprint: bad JSON, wrong types or impossible values.",
            '{"source": "survey", "modulus": 0, "grams": ["a"]}',
            "Run `python -m generator fingerprint --archive DIR` and commit the new fingerprint.",
        ),
        Code(
            "fingerprint-missing",
            "Without --archive, a quote cannot be verified because the source has no fingerprint.",
            "a new source checked in CI before `fingerprint` was run",
            "Run `python -m generator fingerprint --archive DIR` and commit the result.",
        ),
        Code(
            "figure-range",
            "A figure's value_max is not larger than its value.",
            "value: 80\nvalue_max: 60",
            "Put the smaller number in `value` and the larger in `value_max`.",
        ),
        Code(
            "table-cell",
            "A table row does not match the table's columns, or a numeric cell is not a number.",
            "rows: [{year: '2015', papers: 'many'}]",
            "Give every row exactly the declared columns; numeric columns take plain numbers.",
        ),
        Code(
            "conflict-self",
            "A fact is marked as conflicting with itself.",
            "id: f1001\nconflicts_with: [{fact: f1001, note: ...}]",
            "Point `conflicts_with` at the other fact.",
        ),
        Code(
            "ref-replaced",
            "An outline or a cited sentence lists the old id of a fact merged into another (its `replaces`). "
            "A warning: the id still leads to the fact that replaced it.",
            "facts: [f1009]   # f1008 has replaces: [f1009]",
            "Write the id of the fact that replaced it.",
            "warning",
        ),
        Code(
            "outline-unplaced",
            "A topic has an outline (`sections`), but one of its facts is in no section.",
            "sections:\n  - heading: Funding\n    facts: [f2010]   # f2011 is in the topic too",
            "Add the fact to the section of its subject, or take the topic off the fact.",
        ),
        Code(
            "outline-duplicate",
            "A fact is placed twice in a topic's outline, or two sections of a topic have one heading.",
            "- heading: Funding\n  facts: [f2010]\n- heading: Budgets\n  facts: [f2010]",
            "Keep the fact in the one section it belongs to; merge sections that share a heading.",
        ),
        Code(
            "outline-source-heading",
            "A section of a topic's outline is named after a source (its title, publisher or `cited_as`).",
            "- heading: Volcano Survey Annual Report",
            "Name the subject its facts share, such as 'Eruptions' or 'Funding'.",
        ),
        Code(
            "outline-foreign",
            "A topic's outline lists a fact that is not in that topic.",
            "sections: [{heading: Funding, facts: [f4001]}]   # f4001 has topics: [background]",
            "Add the topic to the fact's `topics`, or remove the id from this outline.",
        ),
        Code(
            "prose-count",
            "A topic's overview is not 3 to 6 sentences, or the home page's key points are not 5 to 8.",
            "overview:\n  - text: ...\n    cites: [f2001]   # one sentence only",
            "Write 3 to 6 overview sentences (5 to 8 key points), each citing its facts.",
        ),
        Code(
            "prose-unsupported",
            "A sentence of an overview or of the key points has a number, date, entity name or other proper name "
            "that none of the facts it cites carries (in its statement, figures, date or entities).",
            "text: The survey counted 43 eruptions in 2020.\ncites: [f001]   # f001 says 42",
            "Cite the fact that carries it, or say only what the cited facts say.",
        ),
        Code(
            "prose-attribution",
            "A sentence of an overview or of the key points rests on an allegation, opinion or estimate but does "
            "not name who holds it.",
            "text: The mountain is calmer than in a decade.\ncites: [f002]   # an opinion of Ana Ruiz",
            "Name one of the fact's claimants or its source's publisher: 'Ana Ruiz, the director, says ...'.",
        ),
    ]
}
