/**
 * Every pattern the cleaner uses, in one place, each named for the class of line it recognises.
 * They only ever apply to short lines (see line-filter.ts): a long sentence that merely contains
 * "share" or "cookie" is content. Patterns are anchored to the whole line or its start so that they
 * describe what a line *is*, not a word it contains.
 */
export const PATTERNS = {
  /** Calls to action addressed to the reader: share, comment, subscribe, sign in, read more, skip. */
  callToAction:
    /^(?:[-–—•|›»>\[(]\s*)?(?:share(?: (?:this|on|article|via|to|with)\b[\w ]{0,30})?|tweet|pin it|e-?mail(?: this)?|print(?: this)?|whatsapp|facebook|twitter|linkedin|reddit|copy link|save(?: article| for later)?|bookmark|leave a (?:comment|reply)|post (?:a )?comment|add (?:a )?comment|comments?(?: \(\d+\))?|\d+ comments?|view comments|show comments|join the (?:conversation|discussion)|reply|subscribe(?: now| today| to [\w ]+)?|sign (?:in|up)(?: for [\w ]+)?|log ?in|register|follow us(?: on [\w ]+)?|follow @\w+|like us on facebook|get (?:the|our) [\w ]*newsletter|newsletter|source link|click here\b.*|tap here\b.*|read (?:more|next|also|the full (?:story|article))\b.*|\[?related(?: \w+)?\s*:.*|also (?:on|read|see)\b.*|see (?:also|more)\b.*|more (?:on|from|about) (?:this|[\w ]{1,30})\s*:?|related(?: articles?| stories| posts?| content| news| coverage)?:?|you (?:may|might) (?:also )?(?:like|be interested in|enjoy)\b.*|recommended(?: for you| stories)?|most (?:popular|read|viewed|shared)|trending(?: now)?|don[’']t miss\b.*|skip to (?:main )?content|skip (?:ad|advertisement)|advertisement|advert|sponsored(?: content)?|ad|continue reading\b.*|back to top|scroll to continue.*|watch(?: the)? video|download (?:the|our) app\b.*|listen to (?:this )?article|play(?: video)?|close|caption|hide caption|toggle caption|enlarge (?:this )?image|image \d+ of \/? ?\d+|photo \d+ of \d+|\d+ ?\/ ?\d+|tell us what you think\.*|send us (?:a tip|your [\w ]+)\b.*|report (?:an? )?(?:error|typo|abuse)|fact check|translate|previous(?: article| post)?|next(?: article| post)?|home|menu|search)\s*[:.!…>»]*\s*$/i,
  /** Notices about the site itself (cookies, spam filters, JavaScript, affiliate links, rights). */
  siteNotice:
    /\b(?:cookies?|akismet|javascript|affiliate(?: and\/or referral)? links?|privacy (?:policy|settings|notice)|terms (?:of|and) (?:use|service|conditions)|all rights reserved|reduce spam|comment data|ad ?blocker|browser (?:is )?(?:not supported|out of date)|opt[- ]out|this (?:site|website|page) (?:uses|is|requires|may)|slideshow requires|we (?:use|may earn|earn a commission)|reproduction (?:in whole or in part )?(?:is )?(?:prohibited|forbidden))\b/i,
  /** Promotion of the outlet's own products: newsletters, apps, subscriptions, alerts. */
  promotion:
    /\b(?:subscribe|subscription|sign[- ]up|newsletters?|inbox|click(?:ing)? here|tap here|follow (?:us|her|him|them|@\w+)|share it with|download (?:the|our) app|breaking news alerts|get (?:the|our) (?:app|latest)|for as little as)\b/i,
  /** Imperative or question openings of reader-addressed promotion ("Get…", "Sign up…", "Need more…?"). */
  promotionOpening: /^(?:get|sign|subscribe|follow|like|need|start|click|tap|download|join|want|don['’]t|never|stay|have a tip|love|enjoy|try|become|support)\b/i,
  /** A caption's trailing credit: "(Image: GETTY)", "(AP Photo/Alan Diaz)", "REUTERS/Brendan McDermid". */
  captionCredit:
    /(?:\((?:image|photo|picture|foto|bild|credit|image credit|photo credit)s?\s*:[^)]*\)|\((?:AP|AFP|EPA|Reuters|Getty|Xinhua|PA)(?: Photo| Images)?\b[^)]*\)|\b(?:REUTERS|AFP|EPA|AP)\/[\p{Lu}][\p{L}.' -]+|\|\s*(?:getty images|bloomberg|reuters|ap|afp)[^|]*|\/(?:Getty Images|AP|AFP|Reuters|Shutterstock|iStock)|\b(?:photo|image|picture) (?:credit|courtesy)\b[^.]*)\s*\.?\s*$/iu,
  /** Wire-service production credits at the end of a story. */
  productionCredit: /^[(\[]?(?:(?:additional )?reporting|writing|editing|compiled|produced|research(?:ed)?|translated|graphics?) by\b/i,
  /** Self-reference of the document ("This article was first published…", "This text contains…"). */
  documentSelfReference:
    /^(?:this|the following) (?:text|article|story|post|page|piece|content|report|column|interview) (?:contains?|includes?|was (?:first |originally )?(?:published|written|produced|updated|amended|corrected)|has been (?:updated|amended|corrected)|is (?:part of|an? (?:opinion|sponsored|paid))|may contain|reflects)\b/i,
  /** "Know the different types…", "Learn how…": imperative link text left behind by a removed link. */
  imperativeLinkText: /^(?:learn (?:more|how)|find out (?:more|how)|know (?:the|more)|discover (?:more|our)|explore|visit (?:our|the) )\b/i,
  /** Copyright / credit / caption-credit lines. */
  credit:
    /^(?:©|\(c\)|copyright\b|credit\b|credits?:|photo(?:graph)?s?(?: credit)?:|image(?: credit| source)?:|pictures?:|video:|source:|illustration:|\(?(?:photo|image|picture) by\b)|(?:\/|\||,)\s*(?:getty images|ap(?: photo)?|reuters|afp|epa|shutterstock|alamy|dpa|imago|picture[- ]alliance)\)?\s*$|^(?:[\w.\-' ]{1,40}\/)+\s*(?:getty images|ap|reuters|afp|epa|shutterstock|[\w ]{1,30} times)\s*$/i,
  /** Byline lines: "By Jane Doe", "by Regan September 15, 2014", "Jane Doe, AP Auto Writer". */
  byline: /^(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor|[Dd]i|[Aa]v|[Aa]f)\s+\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|and|und|et|y|&|,))*(?:\s*[,|/–-].*)?$/u,
  /** Reading-time and similar counters ("Tempo de leitura: 1 minuto", "5 min read"). */
  readingTime: /^(?:\d+\s*(?:min(?:ute)?s?|minuten?|minutos?)\s*(?:read|lesezeit|de leitura|de lectura)|(?:reading time|lesezeit|tempo de leitura|tiempo de lectura|temps de lecture)\s*:?.*)$/i,
  /** Headings after which nothing is the article's: author boxes and comment sections. */
  trailerHeading:
    /^(?:about the (?:author|authors|writer|specialist|expert|reporter|contributor)s?|about (?:us|me)|author(?:'s)? (?:bio|info)|(?:the )?author|(?:leave a|post a|add a) (?:comment|reply)|comments?|\d+ comments?|join the (?:conversation|discussion)|kommentare|commentaires|comentarios|comentários)\s*[:.…]*\s*$/i,
  /** Headings of link lists (related, popular, tags): they and the short items under them go, prose after them stays. */
  listHeading:
    /^(?:more (?:great |top )?[\w ]{0,30}(?:stories|articles|news|posts)|related(?: articles?| stories| posts?| content| coverage| news)?|you (?:may|might) (?:also )?(?:like|be interested in|enjoy)\b.*|read (?:more|next|also)|recommended(?: for you| stories)?|share this(?: article| story)?|tags?|filed under\b.*|topics?|more from [\w ]{1,40}|(?:most )?popular(?: now| stories| posts| this week| today)?|recent (?:articles|posts|stories|news)|latest (?:news|stories|posts|articles)|more|also (?:read|see)\b.*|see also)\s*[:.…]*\s*$/i,
  /** Words that make a short line a date/update stamp when a date follows them. */
  stampLead: /^\s*(?:(?:last |first )?(?:updated|published|posted|modified|created|date[d]?|aktualisiert|veröffentlicht|stand|publié|mis à jour|publicado|actualizado|gepubliceerd|bijgewerkt)\b\s*(?:on|at|am|le|el|op|:)?\s*)/i,
  /** Photo counters and similar debris that follow a stamp ("1/13"). */
  counter: /^\s*\d{1,3}\s*\/\s*\d{1,3}\b\s*/,
  /** Breadcrumb separators. */
  breadcrumbSeparator: /\s+(?:»|›|>|\/|→|::)\s+/,
  /** A list bullet at the start of a line. */
  bullet: /^\s*(?:[-–—•*·▪►]\s+)/,
} as const;
