{#-
  The header's parts that only script can use, written once for the whole site instead
  of into every page (about 3 KB a page: on a sheet of 10,000 facts, 0.7 KB a fact).
  MkDocs renders this file once, as a theme static template (engineconfig.configure).
  Every page loads it from its header, right after the search button, as a blocking
  script, where the theme had these parts, so all of it is in place before the page is
  painted and before the theme's deferred scripts look for it:
  - the theme's configuration for its scripts (the `__config` the theme writes into every
    page), with the site's base address worked out from this file's own address;
  - the colour-scheme form (Material's partials/palette.html) before the search button,
    and the theme's palette script after it (the reader's saved scheme, before paint);
  - the search box and its result list (partials/search.html), driven by assets/search.js;
  - the "Back to top" button (partials/top.html), at the end of <main> once it is parsed.
  Without script none of these does anything, so nothing is lost (the theme hides the
  search button while the page has its `no-js` class).
  Everything is put in as text through JSON (`tojson` escapes <, >, & and quotes).
-#}
{%- import "partials/language.html" as lang with context -%}
{%- set features = config.theme.features or [] -%}
{#- a list of schemes has a switch (a single mapping is one fixed scheme, as in the theme) -#}
{%- set switch = config.theme.palette and config.theme.palette is not mapping -%}
{%- set palette -%}{% if switch %}{% include "partials/palette.html" %}{% endif %}{%- endset -%}
{%- set search %}{% include "partials/search.html" %}{% endset -%}
{%- set top -%}
{#- Material 9.8's partials/top.html (theme/partials/top.html leaves it out of the pages) -#}
{%- if "navigation.top" in features %}<button type="button" class="md-top md-icon" data-md-component="top" hidden>
{% set icon = config.theme.icon.top or "material/arrow-up" %}{% include ".icons/" ~ icon ~ ".svg" %}
{{ lang.t("top") }}
</button>{% endif -%}
{%- endset -%}
{%- set theme_config = {
  "features": features,
  "translations": {
    "clipboard.copy": lang.t("clipboard.copy"),
    "clipboard.copied": lang.t("clipboard.copied"),
    "search.result.placeholder": lang.t("search.result.placeholder"),
    "search.result.none": lang.t("search.result.none"),
    "search.result.one": lang.t("search.result.one"),
    "search.result.other": lang.t("search.result.other")
  },
  "annotate": none,
  "tags": none,
  "version": none
} -%}
(function () {
  "use strict";
  var script = document.currentScript;
  var config = {{ theme_config | tojson }};
  config.base = new URL("..", script.src).href;
  var element = document.createElement("script");
  element.type = "application/json";
  element.id = "__config";
  element.textContent = JSON.stringify(config);
  document.head.appendChild(element);
  script.insertAdjacentHTML("afterend", {{ search | tojson }});
  var button = script.previousElementSibling;
  if (button) button.insertAdjacentHTML("beforebegin", {{ palette | tojson }});
  var top = {{ top | tojson }};
  if (top) document.addEventListener("DOMContentLoaded", function () {
    /* registered before the theme's deferred script registers its own, so the button is
       in place, where the theme had it (the end of <main>), when the theme looks for it */
    var main = document.querySelector(".md-main");
    if (main) main.insertAdjacentHTML("beforeend", top);
  });
})();
{#- Material 9.8's partials/javascripts/palette.html, as it was in assets/theme-palette.js -#}
{% if switch %}
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
{% endif %}
