// Cross-site scripting payloads for the corpus test, after the classes of the OWASP XSS Filter
// Evasion Cheat Sheet and PortSwigger's XSS cheat sheet: tags, event attributes, attribute and
// element break-outs, `javascript:` and `data:` URLs, SVG and MathML, CSS, template syntax, and
// Unicode tricks. Each calls the page's canary, `__xss(n)`, if it ever runs.

const templates: ((n: number) => string)[] = [
  // Tags.
  (n) => `<script>__xss(${n})</script>`,
  (n) => `<ScRiPt>__xss(${n})</sCrIpT>`,
  (n) => `<script src="data:text/javascript,__xss(${n})"></script>`,
  (n) => `<img src=x onerror=__xss(${n})>`,
  (n) => `<img src="x" onerror="__xss(${n})"/>`,
  (n) => `<IMG SRC=x OnErRoR=__xss(${n})>`,
  (n) => `<img src=x onerror=&#95;&#95;xss(${n})>`,
  (n) => `<body onload=__xss(${n})>`,
  (n) => `<iframe srcdoc="<script>parent.__xss(${n})</script>"></iframe>`,
  (n) => `<iframe src="javascript:parent.__xss(${n})"></iframe>`,
  (n) => `<details open ontoggle=__xss(${n})>`,
  (n) => `<video><source onerror=__xss(${n})></video>`,
  (n) => `<audio src=x onerror=__xss(${n})>`,
  (n) => `<input autofocus onfocus=__xss(${n})>`,
  (n) => `<select autofocus onfocus=__xss(${n})></select>`,
  (n) => `<textarea autofocus onfocus=__xss(${n})></textarea>`,
  (n) => `<marquee onstart=__xss(${n})>x</marquee>`,
  (n) => `<object data="javascript:__xss(${n})"></object>`,
  (n) => `<embed src="javascript:__xss(${n})">`,
  (n) => `<form action="javascript:__xss(${n})"><button>go</button></form>`,
  (n) => `<a href="javascript:__xss(${n})">click</a>`,
  (n) => `<base href="javascript:__xss(${n})//">`,
  (n) => `<meta http-equiv="refresh" content="0;url=javascript:__xss(${n})">`,
  (n) => `<link rel=import href="data:text/html,<script>__xss(${n})</script>">`,
  (n) => `<div onmouseover="__xss(${n})" style="position:fixed;inset:0">x</div>`,
  (n) => `<style onload=__xss(${n})></style>`,
  // Break-outs of attributes, elements and scripts.
  (n) => `"><script>__xss(${n})</script>`,
  (n) => `'><img src=x onerror=__xss(${n})>`,
  (n) => `" onfocus="__xss(${n})" autofocus="`,
  (n) => `' onmouseover='__xss(${n})`,
  (n) => `</title><script>__xss(${n})</script>`,
  (n) => `</textarea><script>__xss(${n})</script>`,
  (n) => `</script><script>__xss(${n})</script>`,
  (n) => `</style><script>__xss(${n})</script>`,
  (n) => `--><script>__xss(${n})</script><!--`,
  (n) => `]]><script>__xss(${n})</script>`,
  (n) => `\\"};__xss(${n});//`,
  (n) => `';__xss(${n});//`,
  (n) => `\`;__xss(${n});//`,
  // URLs.
  (n) => `javascript:__xss(${n})`,
  (n) => `JaVaScRiPt:__xss(${n})`,
  (n) => ` javascript:__xss(${n})`,
  (n) => `java\tscript:__xss(${n})`,
  (n) => `jav&#x09;ascript:__xss(${n})`,
  (n) => `&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:__xss(${n})`,
  (n) => `data:text/html,<script>__xss(${n})</script>`,
  (n) => `data:text/html;base64,${Buffer.from(`<script>__xss(${n})</script>`).toString('base64')}`,
  (n) => `vbscript:__xss(${n})`,
  // SVG and MathML.
  (n) => `<svg onload=__xss(${n})>`,
  (n) => `<svg><script>__xss(${n})</script></svg>`,
  (n) => `<svg><animate onbegin=__xss(${n}) attributeName=x dur=1s>`,
  (n) => `<svg><a xlink:href="javascript:__xss(${n})"><text x=20 y=20>x</text></a></svg>`,
  (n) => `<svg><foreignObject><img src=x onerror=__xss(${n})></foreignObject></svg>`,
  (n) => `<math><mtext><img src=x onerror=__xss(${n})></mtext></math>`,
  (n) => `<math href="javascript:__xss(${n})">x</math>`,
  // CSS.
  (n) => `<style>@import "data:,*{x:expression(__xss(${n}))}";</style>`,
  (n) => `<div style="background:url(javascript:__xss(${n}))">x</div>`,
  (n) => `<div style="width:expression(__xss(${n}))">x</div>`,
  (n) => `x;background-image:url("javascript:__xss(${n})")`,
  (n) => `</style><img src=x onerror=__xss(${n})>`,
  // Templates and frameworks.
  (n) => `{{constructor.constructor('__xss(${n})')()}}`,
  (n) => `\${__xss(${n})}`,
  (n) => `<%= __xss(${n}) %>`,
  (n) => `{{#with "s" as |string|}}{{__xss ${n}}}{{/with}}`,
  // Unicode and encodings.
  (n) => `＜script＞__xss(${n})＜/script＞`,
  (n) => `\u202e<img src=x onerror=__xss(${n})>`,
  (n) => `<img\u200bsrc=x\u200bonerror=__xss(${n})>`,
  (n) => `%3Cscript%3E__xss(${n})%3C/script%3E`,
  (n) => `&lt;script&gt;__xss(${n})&lt;/script&gt;`,
  (n) => `\u2028<script>__xss(${n})</script>\u2029`,
  (n) => `<scr\u0000ipt>__xss(${n})</scr\u0000ipt>`,
  (n) => `\uFEFF<img src=x onerror=__xss(${n})>`,
  // Polyglots.
  (n) => `jaVasCript:/*-/*\`/*\\\`/*'/*"/**/(/* */oNcliCk=__xss(${n}) )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=__xss(${n})//>\\x3e`,
  (n) => `"'--></style></script><svg onload=__xss(${n})>`,
];

/** Every template twice over (each with its own number), so more than a hundred payloads. */
export const PAYLOADS: string[] = [...templates, ...templates].map((make, i) => make(i + 1));
