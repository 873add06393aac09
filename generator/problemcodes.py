"""The catalogue of problem codes: each kind of problem with its summary, an example,
the fix and its severity. It is the single source of the error reference in
CONTRIBUTING.md (``problems.error_reference``; a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import limits
from .reading.yamltree import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_STRING

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    """One kind of problem, documented for the error reference."""

    code: str
    summary: str
    example: str
    fix: str
    severity: Severity = "error"  # a warning is printed but does not stop the build


YAML_SYNTAX = Code(
    "yaml-syntax",
    "The file is not valid YAML.",
    "statement: Vell: a town   # a second ': ' on one line",
    "Quote the value, or use a `>-` block for long text.",
)

YAML_DUPLICATE_KEY = Code(
    "yaml-duplicate-key",
    "The same key appears twice in one mapping; YAML would silently keep the last one.",
    "id: f1001\nid: f1002",
    "Delete or rename one of the keys.",
)

YAML_ANCHOR = Code(
    "yaml-anchor",
    "Anchors (&a), aliases (*a) and merge keys are not allowed; each record is written out in full.",
    "about: &who [acme]\n...\nabout: *who",
    "Write the value out where it is used.",
)

YAML_TAG = Code(
    "yaml-tag",
    "Explicit tags such as !!str, !!binary or !!set are not allowed.",
    "value: !!float 1.5",
    "Remove the tag; every value is read as text and checked by the schema.",
)

YAML_MULTIPLE_DOCUMENTS = Code(
    "yaml-multiple-documents",
    "A file holds more than one YAML document (a second `---`).",
    "facts: []\n---\nfacts: []",
    "Keep one document per file; move the rest to another file.",
)

YAML_NON_STRING_KEY = Code(
    "yaml-non-string-key",
    "A mapping key is a list or mapping rather than a name.",
    "? [a, b]\n: c",
    "Use plain names as keys.",
)

ENCODING = Code(
    "encoding",
    "The file is not valid UTF-8.",
    "a file saved as Latin-1 or Windows-1252: café written as the byte 0xe9",
    "Save the file as UTF-8 (the editor's encoding setting, or `iconv -f latin1 -t utf-8`).",
)

FILE_CONTROL_CHAR = Code(
    "file-control-char",
    "The file holds a control character that YAML does not allow (a NUL, a bell, a form feed, a stray byte-order mark).",
    "a NUL byte left by a broken copy, or U+0007 pasted from a terminal",
    "Delete the character (the message gives its line and column); use plain spaces and line breaks.",
)

FILE_UNSAFE = Code(
    "file-unsafe",
    "An entry in facts/ is a symbolic link, a pipe, a socket or a device: it is neither followed nor read.",
    "facts/facts/extra.yaml -> /etc/passwd",
    "Replace the link with a plain file that holds the data.",
)

FILE_UNREADABLE = Code(
    "file-unreadable",
    "A file in facts/ cannot be read at all: the operating system refuses it (permissions, an I/O error).",
    "facts/facts/energy.yaml with mode 000",
    "Make the file readable (chmod u+r), or restore it from version control.",
)

FILE_EMPTY = Code(
    "file-empty",
    "A data file holds no YAML document: it is empty, or holds only comments.",
    "facts/facts/draft.yaml of zero bytes",
    "Add the records, or delete the file.",
)

FILE_UNEXPECTED = Code(
    "file-unexpected",
    "A file in facts/ that nothing reads: a hidden file, a file of another type, an odd name, or a folder nested too deep.",
    "facts/facts/.draft.yaml, facts/notes.md or facts/facts/my fact.yaml",
    "Rename it to a plain .yaml name (letters, digits, '.', '_', '-'), move it out of facts/, or delete it.",
)

LIMIT_FILE_SIZE = Code(
    "limit-file-size",
    f"The file is larger than {MAX_FILE_BYTES:,} bytes.",
    f"a {MAX_FILE_BYTES * 5 // 2:,}-byte facts file",
    "Split the records over several files.",
)

LIMIT_DEPTH = Code(
    "limit-depth",
    f"Lists or mappings are nested deeper than {MAX_DEPTH} levels.",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "Flatten the structure; no record needs deep nesting.",
)

LIMIT_STRING_LENGTH = Code(
    "limit-string-length",
    f"A value is longer than {MAX_STRING:,} characters, the most the reader takes from a file.",
    f"a statement of {MAX_STRING * 2:,} characters",
    "Shorten the text; statements are one or two sentences.",
)

LIMIT_NODE_COUNT = Code(
    "limit-node-count",
    f"The file holds more than {MAX_NODES:,} values.",
    "a file with millions of list items",
    "Split the records over several files.",
)

SCHEMA_TYPE = Code(
    "schema-type",
    "A value has the wrong type (for example a list where a mapping is expected).",
    "about: acme        # should be a list: [acme]",
    "Write the value in the shape the data format describes.",
)

SCHEMA_REQUIRED = Code(
    "schema-required",
    "A required field is missing.",
    "a fact without `citations`",
    "Add the field.",
)

SCHEMA_UNKNOWN_FIELD = Code(
    "schema-unknown-field",
    "A field name is not part of the data format (often a typo).",
    "statment: ...",
    "Fix the spelling, or remove the field.",
)

SCHEMA_ENUM = Code(
    "schema-enum",
    "A value is not one of the allowed choices.",
    "status: rumour",
    "Use one of the values listed in the message.",
)

SCHEMA_EMPTY = Code(
    "schema-empty",
    "A text value or list in a record is empty where content is required.",
    'statement: ""',
    "Fill in the value, or remove the optional field.",
)

TEXT_TOO_LONG = Code(
    "text-too-long",
    "A text value is longer than its field allows (the data-format page gives each field's limit).",
    "a `perspective` of 1,500 characters (at most 1000)",
    "Shorten the text; statements are one or two sentences.",
)

SCHEMA_PATTERN = Code(
    "schema-pattern",
    "A value does not have the required form (an id, a number, a file name).",
    "value: 1,000",
    "Write ids in lowercase-with-hyphens and numbers as plain digits.",
)

TEXT_CONTROL_CHAR = Code(
    "text-control-char",
    "Text contains invisible control, bidirectional or zero-width characters, or line separators.",
    "name: 'Hua\\u200bwei'",
    "Retype the text without the invisible character.",
)

TEXT_PLACEHOLDER = Code(
    "text-placeholder",
    "A placeholder left by `new` has not been filled in.",
    "statement: TODO write the statement",
    "Replace every TODO with real content.",
)

URL_INVALID = Code(
    "url-invalid",
    "A URL is malformed or uses a scheme other than http or https.",
    "url: javascript:alert(1)",
    "Give a full http:// or https:// address.",
)

ID_DUPLICATE = Code(
    "id-duplicate",
    "Two records of the same kind share an id.",
    "two entities with id: acme",
    "Merge the records, or give one of them a new id.",
)

ID_SLUG_COLLISION = Code(
    "id-slug-collision",
    "Two records would be published at the same page address.",
    "names that differ only by accents or Unicode normalisation",
    "Give one of the records a different id.",
)

REPLACES_IN_USE = Code(
    "replaces-in-use",
    "A fact's `replaces` names an id that is still in use: a live fact has it, or another fact replaces it too.",
    "id: f1002\nreplaces: [f1001]   # while fact f1001 still exists",
    "Delete the merged fact, or remove the id from `replaces`; an old id leads to one fact only.",
)

REF_UNKNOWN = Code(
    "ref-unknown",
    "A reference names a record that does not exist.",
    "about: [nvo]",
    "Use an existing id (the message suggests the closest one), or add the record.",
)

DATE_INVALID = Code(
    "date-invalid",
    "A date is malformed or does not exist.",
    "date: 2018-02-30",
    "Write YYYY, YYYY-MM, YYYY-MM-DD or START/END with a real date.",
)

DATE_INFERRED_EVIDENCE = Code(
    "date-inferred-evidence",
    "An inferred date has no evidence, or evidence is given for a stated date.",
    "date: {value: 2020-07, basis: inferred}",
    "Explain in `evidence` how the date was worked out.",
)

QUOTE_NOT_FOUND = Code(
    "quote-not-found",
    "A quote does not appear verbatim in its source's archived text.",
    "quote: Acme doubled its output   # the source says 'Acme doubled its annual output'",
    "Copy the words exactly from the source; only spacing, curly quotes and dashes may differ.",
)

QUOTE_LENGTH = Code(
    "quote-length",
    f"A quote is shorter than the {limits.QUOTE_MIN_WORDS} words needed to verify it, "
    f"or longer than the {limits.QUOTE_MAX_WORDS} words a quote may have.",
    "quote: Acme",
    f"Quote between {limits.QUOTE_MIN_WORDS} and {limits.QUOTE_MAX_WORDS} words: the shortest span that proves the statement.",
)

QUOTE_BUDGET = Code(
    "quote-budget",
    f"Quotes from one source, taken together, cover more than {limits.budget_text()} of its words: the site would republish it.",
    "source 'daily-news': quotes cover 410 of its 900 words (45.6%), "
    f"over the budget of {limits.budget_text()} ({900 * limits.QUOTE_BUDGET[0] // limits.QUOTE_BUDGET[1]} words)",
    "Shorten quotes to the few words that prove each statement (a figure with its noun, the key phrase); "
    "the statement carries the information.",
)

ATTRIBUTION_MISSING = Code(
    "attribution-missing",
    "A statement that is not `official` does not name who makes the claim.",
    "statement: Leaked documents show a budget of 1 million yuan.",
    "Name a `claimed_by` entity (by its name or an alias) or the source's publisher in the statement: "
    "'According to The Daily News, ...'. Use `official` only for an official body's own words or document.",
)

ALIAS_SHARED = Code(
    "alias-shared",
    "One name or alias leads to two entities (or is listed twice for one).",
    "aliases: [Springfield]   # on 'state-government', while 'springfield' is the city",
    "Keep the name on the one entity it names; use the other entity's own name in statements.",
)

ALIAS_SPLIT = Code(
    "alias-split",
    "Two neighbouring aliases look like one name cut in two by the comma of a YAML flow list. "
    "A warning: the rule guesses from the texts, so a true pair of names can trip it.",
    "aliases: [Acme Widgets, Inc.]",
    'Quote the name so that its comma stays inside it: aliases: ["Acme Widgets, Inc."].',
    "warning",
)

ARCHIVE_MISSING = Code(
    "archive-missing",
    "A source's archived text cannot be found, or differs from the fingerprint on record.",
    "archive: 009_missing.txt",
    "Pass --archive DIR pointing at the texts, or refresh the fingerprint with `fingerprint`.",
)

FINGERPRINT_STALE = Code(
    "fingerprint-stale",
    "The archived text differs from the fingerprint committed for it.",
    "an archived text corrected after its fingerprint was made",
    "Run `python -m generator fingerprint --archive DIR` and commit the new fingerprint.",
)

FINGERPRINT_INVALID = Code(
    "fingerprint-invalid",
    "A committed fingerprint file is not a fingerprint: bad JSON, wrong types or impossible values.",
    '{"source": "survey", "modulus": 0, "grams": ["a"]}',
    "Run `python -m generator fingerprint --archive DIR` and commit the new fingerprint.",
)

FINGERPRINT_MISSING = Code(
    "fingerprint-missing",
    "Without --archive, a quote cannot be verified because the source has no fingerprint.",
    "a new source checked in CI before `fingerprint` was run",
    "Run `python -m generator fingerprint --archive DIR` and commit the result.",
)

FIGURE_RANGE = Code(
    "figure-range",
    "A figure's value_max is not larger than its value.",
    "value: 80\nvalue_max: 60",
    "Put the smaller number in `value` and the larger in `value_max`.",
)

TABLE_CELL = Code(
    "table-cell",
    "A table row does not match the table's columns, or a numeric cell is not a number.",
    "rows: [{year: '2015', papers: 'many'}]",
    "Give every row exactly the declared columns; numeric columns take plain numbers.",
)

CHART_COLUMN_UNKNOWN = Code(
    "chart-column-unknown",
    "A table's chart names, as its x or y axis, a column the table does not have.",
    "columns: [{key: year, ...}, {key: papers, ...}]\nchart: {type: bar, x: year, y: paper}",
    "Use the key of one of the table's columns.",
)

CHART_COLUMN_NOT_NUMERIC = Code(
    "chart-column-not-numeric",
    "A chart's y axis is a column that is not numeric, so it has no values to plot.",
    "columns: [{key: year, ...}, {key: name, label: Name}]\nchart: {type: bar, x: year, y: name}",
    "Plot a column declared `numeric: true`, or mark the column numeric if its cells are plain numbers.",
)

CONFLICT_SELF = Code(
    "conflict-self",
    "A fact is marked as conflicting with itself.",
    "id: f1001\nconflicts_with: [{fact: f1001, note: ...}]",
    "Point `conflicts_with` at the other fact.",
)

STATEMENT_COPIED = Code(
    "statement-copied",
    "A statement shares 8 or more consecutive words with a source it cites, outside quotation marks: "
    "it copies instead of saying it in the sheet's own words. The words of entity names and aliases "
    "do not count (a name written as the source writes it continues a run without lengthening it); "
    "a hyphenated word is one word. Without the archive the run is found in the fingerprint, which "
    "may report a run one word longer than it is, never shorter.",
    "statement: The observatory said readings are taken every hour and checked by hand each morning.",
    "Say it in your own words, keeping every number, date and name: 'The observatory takes hourly "
    "readings and checks them by hand daily.' Or put the few words that prove it inside quotation "
    "marks (they then count toward the source's quote budget).",
)
SOURCE_REPRODUCED = Code(
    "source-reproduced",
    "Quotes and the statements' copied runs of 6 or more words, taken together, reproduce more than 40% "
    "of a source's words: the site would republish it, in pieces.",
    "source 'survey-2021': quotes and copied runs of 6 or more words reproduce 96 of its 220 words "
    "(43.6%), over the limit of 40% (88 words)",
    "Rewrite the statements that copy (the message names the records that reproduce the most), and "
    "shorten quotes to the words that prove each statement. `coverage` shows the share per source.",
)
ALIAS_UNSOURCED = Code(
    "alias-unsourced",
    "An entity's alias appears in no source (its words in this order, as written). Aliases are names "
    "the sources use; a name the editors add goes in `added_aliases`, with a note. Without the archive "
    "only aliases of 4 or more words can be checked, against the fingerprints.",
    "aliases: [Fire Mountain]   # no source calls Mount Kessler that",
    "Write the alias as a source writes it; move a name that search needs (a romanisation, an "
    "English form) to `added_aliases: [{name: Munich, note: English name of München}]`; remove a "
    "name that is wrong or loaded.",
)

REF_REPLACED = Code(
    "ref-replaced",
    "An outline or a cited sentence lists the old id of a fact merged into another (its `replaces`). "
    "A warning: the id still leads to the fact that replaced it.",
    "facts: [f1009]   # f1008 has replaces: [f1009]",
    "Write the id of the fact that replaced it.",
    "warning",
)
OUTLINE_UNPLACED = Code(
    "outline-unplaced",
    "A topic has an outline (`sections`), but one of its facts is in no section.",
    "sections:\n  - heading: Funding\n    facts: [f2010]   # f2011 is in the topic too",
    "Add the fact to the section of its subject, or take the topic off the fact.",
)
OUTLINE_DUPLICATE = Code(
    "outline-duplicate",
    "A fact is placed twice in a topic's outline, or two sections of a topic have one heading.",
    "- heading: Funding\n  facts: [f2010]\n- heading: Budgets\n  facts: [f2010]",
    "Keep the fact in the one section it belongs to; merge sections that share a heading.",
)
OUTLINE_SOURCE_HEADING = Code(
    "outline-source-heading",
    "A section of a topic's outline is named after a source (its title, publisher or `cited_as`).",
    "- heading: Volcano Survey Annual Report",
    "Name the subject its facts share, such as 'Eruptions' or 'Funding'.",
)
OUTLINE_FOREIGN = Code(
    "outline-foreign",
    "A topic's outline lists a fact that is not in that topic.",
    "sections: [{heading: Funding, facts: [f4001]}]   # f4001 has topics: [background]",
    "Add the topic to the fact's `topics`, or remove the id from this outline.",
)
PROSE_COUNT = Code(
    "prose-count",
    "A topic's overview is not 3 to 6 sentences, or the home page's key points are not 5 to 8.",
    "overview:\n  - text: ...\n    cites: [f2001]   # one sentence only",
    "Write 3 to 6 overview sentences (5 to 8 key points), each citing its facts.",
)
PROSE_UNSUPPORTED = Code(
    "prose-unsupported",
    "A sentence of an overview or of the key points has a number, date, entity name or other proper name "
    "that none of the facts it cites carries (in its statement, figures, date or entities).",
    "text: The survey counted 43 eruptions in 2020.\ncites: [f001]   # f001 says 42",
    "Cite the fact that carries it, or say only what the cited facts say.",
)
PROSE_ATTRIBUTION = Code(
    "prose-attribution",
    "A sentence of an overview or of the key points rests on an allegation, opinion or estimate but does "
    "not name who holds it.",
    "text: The mountain is calmer than in a decade.\ncites: [f002]   # an opinion of Ana Ruiz",
    "Name one of the fact's claimants or its source's publisher: 'Ana Ruiz, the director, says ...'.",
)
SEARCH_INDEX_INCOMPLETE = Code(
    "search-index-incomplete",
    "A file of the search index that its manifest names is missing, cut short or unreadable, or the indexer failed; the build stops rather than publish a search that breaks.",
    "site/pagefind/fragment/en_1a2b3c4.pf_fragment:1:1: a file of the index is cut short or corrupt",
    "Build again; if it persists, the disk may be full or the Pagefind binary broken (reinstall with `make setup`).",
)


CODES: dict[str, Code] = {
    c.code: c
    for c in [
        YAML_SYNTAX,
        YAML_DUPLICATE_KEY,
        YAML_ANCHOR,
        YAML_TAG,
        YAML_MULTIPLE_DOCUMENTS,
        YAML_NON_STRING_KEY,
        ENCODING,
        FILE_CONTROL_CHAR,
        FILE_UNREADABLE,
        FILE_EMPTY,
        FILE_UNSAFE,
        FILE_UNEXPECTED,
        LIMIT_FILE_SIZE,
        LIMIT_DEPTH,
        LIMIT_STRING_LENGTH,
        LIMIT_NODE_COUNT,
        SCHEMA_TYPE,
        SCHEMA_REQUIRED,
        SCHEMA_UNKNOWN_FIELD,
        SCHEMA_ENUM,
        SCHEMA_EMPTY,
        SCHEMA_PATTERN,
        TEXT_TOO_LONG,
        TEXT_CONTROL_CHAR,
        TEXT_PLACEHOLDER,
        URL_INVALID,
        ID_DUPLICATE,
        ID_SLUG_COLLISION,
        REPLACES_IN_USE,
        REF_UNKNOWN,
        DATE_INVALID,
        DATE_INFERRED_EVIDENCE,
        QUOTE_NOT_FOUND,
        QUOTE_LENGTH,
        QUOTE_BUDGET,
        ATTRIBUTION_MISSING,
        ALIAS_SHARED,
        ALIAS_SPLIT,
        ARCHIVE_MISSING,
        FINGERPRINT_STALE,
        FINGERPRINT_INVALID,
        FINGERPRINT_MISSING,
        FIGURE_RANGE,
        TABLE_CELL,
        CHART_COLUMN_UNKNOWN,
        CHART_COLUMN_NOT_NUMERIC,
        CONFLICT_SELF,
        STATEMENT_COPIED,
        SOURCE_REPRODUCED,
        ALIAS_UNSOURCED,
        REF_REPLACED,
        OUTLINE_UNPLACED,
        OUTLINE_DUPLICATE,
        OUTLINE_SOURCE_HEADING,
        OUTLINE_FOREIGN,
        PROSE_COUNT,
        PROSE_UNSUPPORTED,
        PROSE_ATTRIBUTION,
        SEARCH_INDEX_INCOMPLETE,
    ]
}
