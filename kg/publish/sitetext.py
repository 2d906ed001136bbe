"""The words and the style sheet of ``kg site`` (kg/publish/site.py), in English and Japanese.

Strings here are trusted page text; everything that comes from the graph is
escaped where the page is put together.
"""

from __future__ import annotations

from ..prefixes import PREFIXES

AISK, SKOS, DCT = PREFIXES["aisk"], PREFIXES["skos"], PREFIXES["dcterms"]
RDFS, FOAF = PREFIXES["rdfs"], PREFIXES["foaf"]

# Names for the SKOS terms the pages show (the ontology labels only its own terms).
SKOS_LABELS = {
    SKOS + "inScheme": {"en": "In scheme", "ja": "所属する体系"},
    SKOS + "hasTopConcept": {"en": "Top concepts", "ja": "最上位の概念"},
    SKOS + "topConceptOf": {"en": "Top concept of", "ja": "最上位概念である体系"},
    SKOS + "broader": {"en": "Broader", "ja": "上位概念"},
    SKOS + "narrower": {"en": "Narrower", "ja": "下位概念"},
    SKOS + "Concept": {"en": "Concept", "ja": "概念"},
    SKOS + "ConceptScheme": {"en": "Concept scheme", "ja": "概念体系"},
}

# Headings for links that point at a record along a property with no inverse in the ontology.
REVERSE = {
    AISK + "kind": {"en": "Instruments of this kind", "ja": "この種別の文書"},
    AISK + "legalForce": {"en": "Instruments with this legal force", "ja": "この法的拘束力をもつ文書"},
    AISK + "topic": {"en": "Instruments on this topic", "ja": "この主題の文書"},
    AISK + "jurisdiction": {"en": "Records in this jurisdiction", "ja": "この法域に属する記録"},
    AISK + "source": {"en": "Records read from here", "ja": "ここを出典とする記録"},
    AISK + "passedBy": {"en": "Passed (laws)", "ja": "制定した法令"},
    AISK + "provisionOf": {"en": "Provisions", "ja": "条項"},
    SKOS + "inScheme": {"en": "Concepts in this scheme", "ja": "この体系の概念"},
    SKOS + "topConceptOf": {"en": "Top concepts", "ja": "最上位の概念"},
}

UI = {
    "en": {
        "site": "AI Safety Knowledge Graph",
        "language": "English",
        "nav": {"index": "Home", "kinds": "By kind", "issuers": "By issuer", "years": "By year",
                "lineage": "Lineage diagram", "queries": "Stored queries"},
        "blurb": {"kinds": "Laws, strategies, guidelines, standards … grouped by kind.",
                  "issuers": "Every issuing body with what it issued.",
                  "years": "Instruments and editions by year of issue.",
                  "lineage": "What is based on what, and which edition revises which.",
                  "queries": "The SPARQL queries that come with the graph, with their parameters."},
        "intro": "Instruments that govern AI safety in Japan, and the international instruments Japan follows: "
                 "laws, strategies, principles, guidelines, codes of conduct, standards, reports and agreements, "
                 "the bodies that issue them and how they relate. Every record is read from the Japan AI Safety "
                 "Institute's <i>AI Safety Factsheet 2025</i> or from a source the record cites.",
        "counts": "{instruments} instruments, {editions} editions, {organizations} organisations; {records} records in all.",
        "browse": "Vocabularies, jurisdictions and the source",
        "all_instruments": "All instruments, oldest first",
        "date": "Date", "title": "Title", "kind": "Kind", "issuer": "Issued by",
        "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December"],
        "editions": "Editions", "editions_of": "This is one edition of", "version": "version {}",
        "relations": "Relations", "reverse": "Is “{}” of",
        "provenance": "Provenance",
        "provenance_note": "Where this record's facts were read (sections and footnotes of the factsheet, or other sources).",
        "in_section": "in",
        "links": "External links", "egov": "e-Gov law search",
        "fragments": "Sections and footnotes (records under this IRI with #)",
        "lineage": "Lineage", "lineage_title": "Lineage: based on and revises",
        "lineage_note": "Records this one is connected to by “based on”, “revises” and “edition of”; arrows run from the older record to the newer.",
        "lineage_all": "The whole diagram",
        "lineage_page": "Every “based on” and “revises” relation in the graph (with “edition of” linking editions to their instrument). "
                        "An arrow runs from the instrument or edition built on to the one that builds on it. Click a box to open the record.",
        "svg_file": "The diagram as an SVG file",
        "legend": {"based-on": "based on (basis → derived)", "revises": "revises (earlier → later edition)",
                   "edition-of": "edition of (instrument → edition)"},
        "data": "Data",
        "data_note": "The record's own triples, the triples that point at it and the labels of its neighbours, "
                     "with the inferred ones; the JSON-LD uses the project's context (ontology/context.jsonld).",
        "other_organizations": "Other organisations",
        "undated": "Undated",
        "years_note": "By the year of issue (dcterms:issued) at the precision the source gives; editions are listed beside their instruments.",
        "queries_intro": "Run these with <code>kg query NAME</code> on a built graph, or at <code>/queries/NAME</code> under <code>kg serve</code>. "
                         "Parameters are typed and bound by the engine.",
        "parameter": "Parameter", "type": "Type", "default": "Default", "no_parameters": "No parameters.",
        "tags": "Tags", "run_it": "Run it", "query_text": "Query text",
        "footer": "AI Safety Knowledge Graph · data and ontology CC BY 4.0 · source: AI Safety Factsheet 2025 (Japan AI Safety Institute) · "
                  "written by <code>kg site</code> from <code>dist/kg-inferred.ttl</code>",
        "properties": {
            DCT + "issued": "Issued", DCT + "language": "Language", SKOS + "altLabel": "Also known as",
            SKOS + "definition": "Definition", SKOS + "note": "Note", SKOS + "editorialNote": "Editorial note",
            SKOS + "notation": "Notation", RDFS + "comment": "Comment", RDFS + "seeAlso": "See also",
            SKOS + "exactMatch": "Same as", SKOS + "closeMatch": "Close to", FOAF + "page": "Web page",
        },
    },
    "ja": {
        "site": "AIセーフティ知識グラフ",
        "language": "日本語",
        "nav": {"index": "ホーム", "kinds": "種別ごと", "issuers": "発行主体ごと", "years": "年ごと",
                "lineage": "系譜図", "queries": "保存クエリ"},
        "blurb": {"kinds": "法令、戦略、指針、標準などを種別ごとに。",
                  "issuers": "発行主体ごとに、発行した文書を。",
                  "years": "文書と版を発行年ごとに。",
                  "lineage": "どの文書が何に基づくか、どの版がどの版を改訂したか。",
                  "queries": "知識グラフに付属する SPARQL クエリとそのパラメータ。"},
        "intro": "日本のAIセーフティを規律する文書と、日本が従う国際的な文書（法令、戦略、原則、指針、行動規範、標準、報告書、合意）、"
                 "それらを発行する主体、そして文書どうしの関係を記録した知識グラフです。すべての記録は、AIセーフティ・インスティテュートの"
                 "『AI セーフティ ファクトシート 2025』または記録が示す出典から読み取っています。",
        "counts": "文書 {instruments} 件、版 {editions} 件、組織 {organizations} 件。記録は全部で {records} 件。",
        "browse": "語彙、法域、出典",
        "all_instruments": "すべての文書（古い順）",
        "date": "日付", "title": "題名", "kind": "種別", "issuer": "発行主体",
        "months": [],
        "editions": "版", "editions_of": "この版が属する文書：", "version": "第{}版",
        "relations": "関係", "reverse": "「{}」の対象",
        "provenance": "出典",
        "provenance_note": "この記録の事実を読み取った箇所（ファクトシートの節と脚注、またはその他の出典）。",
        "in_section": "所在：",
        "links": "外部リンク", "egov": "e-Gov 法令検索",
        "fragments": "節と脚注（この IRI に # を付けた記録）",
        "lineage": "系譜", "lineage_title": "系譜：根拠と改訂",
        "lineage_note": "「基づく」「改訂する」「版の対象」の関係でこの記録とつながる記録。矢印は古い記録から新しい記録へ向かいます。",
        "lineage_all": "全体の系譜図",
        "lineage_page": "知識グラフのすべての「基づく」「改訂する」関係（版と文書は「版の対象」で結んでいます）。"
                        "矢印は根拠となった文書や版から、それに基づく文書や版へ向かいます。箱をクリックすると記録を開きます。",
        "svg_file": "系譜図の SVG ファイル",
        "legend": {"based-on": "基づく（根拠 → 派生）", "revises": "改訂する（前の版 → 後の版）",
                   "edition-of": "版の対象（文書 → 版）"},
        "data": "データ",
        "data_note": "この記録自身のトリプル、この記録を指すトリプル、隣接する記録のラベル（推論されたものを含む）。"
                     "JSON-LD はプロジェクトのコンテキスト（ontology/context.jsonld）を使っています。",
        "other_organizations": "その他の組織",
        "undated": "日付なし",
        "years_note": "発行年（dcterms:issued、出典が示す精度で）ごと。版も文書と並べて示します。",
        "queries_intro": "構築済みのグラフに対して <code>kg query NAME</code> で、または <code>kg serve</code> の <code>/queries/NAME</code> で実行できます。"
                         "パラメータは型付きでエンジンが束縛します。",
        "parameter": "パラメータ", "type": "型", "default": "既定値", "no_parameters": "パラメータなし。",
        "tags": "タグ", "run_it": "実行例", "query_text": "クエリ本文",
        "footer": "AIセーフティ知識グラフ · データとオントロジーは CC BY 4.0 · 出典：AI セーフティ ファクトシート 2025（AIセーフティ・インスティテュート）· "
                  "<code>kg site</code> が <code>dist/kg-inferred.ttl</code> から生成",
        "properties": {
            DCT + "issued": "発行日", DCT + "language": "言語", SKOS + "altLabel": "別名",
            SKOS + "definition": "定義", SKOS + "note": "注記", SKOS + "editorialNote": "編集注記",
            SKOS + "notation": "記号", RDFS + "comment": "説明", RDFS + "seeAlso": "関連",
            SKOS + "exactMatch": "同一の外部記録", SKOS + "closeMatch": "近い外部記録", FOAF + "page": "ウェブページ",
        },
    },
}

CSS = """
:root{--ink:#1b2733;--muted:#5b6772;--line:#d5dde5;--accent:#1f5f99;--bg:#fbfcfd;--band:#eef3f8}
*{box-sizing:border-box}
html{font-size:16px}
body{margin:0;color:var(--ink);background:var(--bg);line-height:1.6;
 font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif}
a{color:var(--accent);text-decoration:none}a:hover,a:focus{text-decoration:underline}
a.external::after{content:" ↗";font-size:.8em;color:var(--muted)}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1.2rem;padding:.7rem 1.5rem;background:#17324d;color:#fff}
header.top a{color:#fff}
header.top .brand{font-weight:700;font-size:1.1rem;margin-right:auto}
header.top nav{display:flex;flex-wrap:wrap;gap:.2rem 1rem}
header.top .switch{border:1px solid #9bb7d1;border-radius:3px;padding:.05rem .55rem}
main{max-width:72rem;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.7rem;line-height:1.3;margin:.6rem 0 .2rem}
h2{font-size:1.25rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--band)}
.kind{margin:.8rem 0 0;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;font-size:.85rem}
.subtitle{margin:0 0 .8rem;color:var(--muted);font-size:1.05rem}
.lead{font-size:1.08rem;max-width:50rem}
.note{color:var(--muted);font-size:.9rem}
.count{font-size:.8rem;color:var(--muted);background:var(--band);border-radius:1rem;padding:.05rem .5rem;margin-left:.3rem;vertical-align:middle}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1.2rem;margin:1rem 0;padding:1rem 1.2rem;background:#fff;border:1px solid var(--line);border-radius:6px}
dl.facts dt{color:var(--muted);font-weight:600}dl.facts dd{margin:0}
table{border-collapse:collapse;width:100%;background:#fff}
table.list th,table.list td{border-bottom:1px solid var(--line);padding:.35rem .6rem;text-align:left;vertical-align:top}
table.list th{background:var(--band);font-weight:600}
table.list td.date{white-space:nowrap;color:var(--muted)}
table.list{table-layout:fixed}table.list th.date{width:9.5rem}table.list th.kind{width:11rem}table.list th.issuer{width:30%}
table.relations th{width:14rem;text-align:left;vertical-align:top;padding:.4rem .8rem .4rem 0;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line)}
table.relations td{padding:.4rem 0;border-bottom:1px solid var(--line)}
ul.links{margin:0;padding-left:1.1rem}
ul.links.inline{padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}
ul.urls{margin:.2rem 0;padding-left:1.1rem;word-break:break-all}
ul.cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:.8rem}
ul.cards li{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.7rem .9rem}
ul.cards a{font-weight:600}
ol.timeline{list-style:none;margin:0;padding:0 0 0 1.2rem;border-left:3px solid var(--band)}
ol.timeline li{position:relative;display:grid;grid-template-columns:9rem 1fr;gap:.8rem;padding:.45rem 0}
ol.timeline li::before{content:"";position:absolute;left:-1.72rem;top:.85rem;width:.8rem;height:.8rem;border-radius:50%;background:#fff;border:3px solid var(--accent)}
ol.timeline li.current::before{background:var(--accent)}
ol.timeline li.current>div>a{font-weight:700}
ol.timeline time{color:var(--muted)}
.tags{font-size:.85rem;color:var(--muted);background:var(--band);border-radius:3px;padding:0 .4rem}
.diagram{overflow-x:auto;background:#fff;border:1px solid var(--line);border-radius:6px;padding:.4rem}
.diagram svg{display:block;max-width:none}
img.thumb{max-width:min(100%,56rem);height:auto;background:#fff;border:1px solid var(--line);border-radius:6px}
section.query{border-top:1px solid var(--line);margin-top:1.5rem}
section.query h2{border:0}
pre{background:#f4f6f8;border:1px solid var(--line);border-radius:4px;padding:.8rem;overflow-x:auto;font-size:.85rem;line-height:1.45}
code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.92em}
details summary{cursor:pointer;color:var(--accent)}
footer{max-width:72rem;margin:0 auto;padding:1rem 1.5rem 2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
@media (max-width:40rem){dl.facts{grid-template-columns:1fr}ol.timeline li{grid-template-columns:1fr}table.relations th{width:auto}}
"""
