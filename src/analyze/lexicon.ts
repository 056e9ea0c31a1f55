/**
 * Word lists the analysis reads names with. They are general resources of news language, not lists
 * of the names in any corpus: given names (to tell a person from a place or a firm), places that
 * news names without context (countries, capitals, large cities), words that make a name an
 * organisation, and role nouns that describe people. Names are compared folded (nameKey), so one
 * entry covers its spellings and transliterations (Sergey/Sergei, Artyom/Artjom).
 */
import { nameKey } from '../cluster/features.ts';

const fold = (words: string) => new Set(words.split(/\s+/).filter(Boolean).map((w) => nameKey(w)));

/** Common given names across the languages of international news (folded). */
export const GIVEN_NAMES = fold(`
  aaron adam adrian ahmed alan albert alex alexander alexandra alexei alexey alexis alfred ali alice alicia amanda amy ana anatoly
  andre andrea andreas andrei andrew andriy andrzej angela angelika ann anna anne annette anthony antoine anton antonio arnold
  artem artyom arthur ashley barack barbara ben benjamin bernard bernd bill bob boris brian bruce bruno carl carla carlos carmen
  caroline catherine charles charlotte chris christian christina christine christoph christopher claire claudia daniel daniela
  david dennis denis diana diego dieter dmitry dmitri dominic donald dorothy douglas edward elena elizabeth elon emily emma emmanuel
  eric erik eva evgeny yevgeny fabian felix fernando francesca francesco francis francois frank franz friedrich gabriel george
  georg gerhard giorgia giovanni giuseppe gordon grace gregory gunter hans harald harry heinrich helen helena helmut henry herbert
  hugo igor ilya ines ingrid irina isabel ivan jack jacob jacques james jan jane janet javier jean jeff jennifer jens jerome
  jessica jim joachim joanna joe johann johannes john jonathan jorge jose josef joseph juan julia julian julie jurgen justin karen
  karl katarina katharina kate katherine kevin kim klaus konstantin kurt lars laura lena leo leon lisa lorenzo louis luca lucas
  ludwig luis lukas manfred manuel marc marco marcus margaret maria marie mario mark markus martin mary matteo matthew matthias
  max maxim maximilian mehmet melanie michael michel michelle miguel mikhail mohammed muhammad nadia natalia natalya nicholas nicola
  nicolas nikita nikolai nina norbert ofelia olaf oleg oleksandr oleksiy olga oliver olivier omar oscar otto pablo pascal patricia
  patrick paul paula pavel pawel pedro peter petra petro philip philipp pierre pyotr rachel rafael ralf ramon raymond rebecca recep
  richard robert roberto roger roman ronald rosa ruth sabine sally samuel sandra sara sarah sebastian serge sergei sergey serhiy
  simon sofia sophie stefan stefanie stephan stephen steve steven susan susanne svetlana tatiana thomas tim timothy tobias tom
  tony ulrich ursula valentina valery vasily victor viktor vincent vitali vladimir volodymyr volodimir walter werner william
  wolfgang xavier yana yuri yulia yury zoe
`);

/** Countries, capitals and large cities: places named without an "in" before them. */
export const PLACES = fold(`
  afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahrain bangladesh belarus belgium
  bolivia bosnia botswana brazil bulgaria cambodia cameroon canada chad chile china colombia congo croatia cuba cyprus czechia
  denmark ecuador egypt eritrea estonia ethiopia finland france gabon gambia georgia germany ghana greece guatemala guinea haiti
  honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya korea kosovo
  kuwait kyrgyzstan laos latvia lebanon liberia libya lithuania luxembourg madagascar malawi malaysia mali malta mexico moldova
  monaco mongolia montenegro morocco mozambique myanmar namibia nepal netherlands nicaragua niger nigeria norway oman pakistan
  palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda senegal serbia singapore slovakia
  slovenia somalia spain sudan sweden switzerland syria taiwan tajikistan tanzania thailand tunisia turkey turkmenistan uganda
  ukraine uruguay uzbekistan venezuela vietnam yemen zambia zimbabwe europe asia africa america antarctica crimea donbas donbass
  siberia gaza scotland wales england
  abuja accra addis amman amsterdam ankara athens baghdad baku bangkok beijing beirut belgrade berlin bern bogota brasilia
  bratislava brussels bucharest budapest cairo canberra caracas chisinau copenhagen damascus dhaka doha dublin hanoi havana
  helsinki islamabad jakarta jerusalem kabul kampala kathmandu khartoum kyiv kiev lagos lima lisbon ljubljana london luanda madrid
  manila minsk mogadishu moscow nairobi new-delhi delhi nicosia oslo ottawa paris prague pretoria pyongyang quito rabat reykjavik
  riga riyadh rome santiago sarajevo seoul skopje sofia stockholm taipei tallinn tashkent tbilisi tehran tirana tokyo tripoli
  tunis ulaanbaatar vienna vilnius warsaw washington wellington yerevan zagreb
  barcelona chicago dubai frankfurt geneva hamburg houston istanbul johannesburg karachi kharkiv kherson lviv mariupol milan
  mumbai munich naples odesa odessa osaka rotterdam shanghai sochi st-petersburg petersburg sydney toronto zurich bakhmut donetsk
  luhansk zaporizhzhia belgorod kaliningrad
`);

/** A name ending in (or made of) one of these words names an organisation. */
export const ORG_WORDS = fold(`
  agency alliance army association assembly authority bank board bureau cabinet center centre channel church club coalition
  command commission committee company corporation council court department directorate federation force forces foundation
  front fund government group guard guards house inc institute kremlin league ltd ministry movement navy network office
  organization organisation parliament party police program programme senate service services society staff times
  tribunal union university post news press radio television tv
`);

/** A name of two or more words ending in one of these names a place or a structure ("Ostra Dam", "Red Square"). */
export const PLACE_WORDS = fold(`
  dam bridge airport port harbour harbor station square street avenue road highway bay river lake sea ocean mountain mountains
  valley island islands reservoir canal tunnel stadium arena tower castle cathedral park forest desert coast peninsula strait
  gulf border province region district county
`);

/** Role nouns that describe a person when they stand before or after a name. */
export const ROLE_WORDS = new Set(`
  president minister chancellor premier spokesman spokeswoman spokesperson secretary chief head leader ruler dictator autocrat
  commander general admiral colonel officer governor mayor senator deputy ambassador envoy diplomat expert analyst professor
  researcher scientist economist correspondent journalist reporter editor author writer lawyer judge prosecutor director
  manager chairman chairwoman chair founder ceo king queen prince princess pope patriarch ally partner opponent activist
  politician lawmaker mp member adviser advisor strategist historian observer witness official spokesperson coach player
  striker captain doctor nurse engineer pilot inspector harbourmaster master
`.split(/\s+/).filter(Boolean));

/** Capitalised words that are not names: calendar words, titles used alone, sentence openers. */
export const NOT_NAMES = fold(`
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october
  november december today yesterday tomorrow mr mrs ms dr prof sir madam i we you he she it they this that these those there
  here what when where why how who which whose if but and or so yet for nor after before since during while although though
  however meanwhile moreover therefore thus also then now still even just only already in on at by from to of with without
  about against between into through over under above below up down out off again further once all any both each few more
  most other some such no not own same than too very can will would should could may might must shall a an the his her its
  our their my your according source sources update updated home leave comment related read more photo video image
  breaking live exclusive opinion analysis expert experts
  critics officials residents analysts witnesses police authorities observers protesters demonstrators locals neighbours
  neighbors opponents supporters
`);

/** Adjectives of nationality and place ("Belarusian ruler", "Russian soldiers"): not entities themselves. */
export const DEMONYM = /^(?:\p{Lu}\p{Ll}+(?:ian|ean|ese|ish)|Soviet|Western|Eastern|Northern|Southern|Arab|Thai|Swiss|French|Dutch|Greek|Czech|Israeli|Pakistani|Iraqi|Saudi|Afghan|Kazakh|Uzbek|Tajik|Chechen|Basque|Catalan|Kurdish|Slovak|Filipino)$/u;

/** Verbs of reported speech, present and past, in the languages news is read in here (lower case). */
export const SPEECH_VERBS = [
  'says', 'said', 'say', 'tells', 'told', 'adds', 'added', 'explains', 'explained', 'stresses', 'stressed', 'believes', 'thinks',
  'admits', 'admitted', 'warns', 'warned', 'insists', 'insisted', 'argues', 'argued', 'notes', 'noted', 'writes', 'wrote', 'asks',
  'asked', 'states', 'stated', 'analy[sz]es', 'analy[sz]ed', 'replied', 'replies', 'continued', 'continues', 'recalled', 'declared',
  'announced', 'claimed', 'claims', 'sagte', 'sagt', 'erklärte', 'erklärt', 'betonte', 'betont', 'meinte', 'fügte', 'a déclaré',
  'déclare', 'a dit', 'dit', 'affirme', 'a affirmé', 'a expliqué', 'dijo', 'afirmó', 'declaró', 'explicó', 'señaló',
];

/**
 * Words that say the same thing in news reports, grouped under one concept, so that "the trip",
 * "traveled" and "the visit" meet when facts are grouped across outlets. General news vocabulary
 * (movement, meeting, welcome, force, harm, decision), not the words of any one story; a word not
 * listed stands for its own stem.
 */
const CONCEPT_GROUPS: Record<string, string> = {
  visit: 'visit visits visited visiting trip trips travel travels traveled travelled traveling travelling arrive arrives arrived arrival fly flies flew flown return returns returned came comes besuch besuchte reise reiste visite voyage viaje',
  meet: 'meet meets met meeting meetings talks summit treffen traf rencontre reunión',
  welcome: 'welcome welcomes welcomed welcoming greet greets greeted greeting receive receives received reception hug hugged embraced empfing empfangen accueilli',
  troops: 'troops troop soldiers soldier forces servicemen personnel fighters soldaten truppen soldats troupes soldados tropas',
  invade: 'invade invades invaded invading invasion invasions einmarsch invasion',
  attack: 'attack attacks attacked strike strikes struck shelling shelled bombing bombed raid raids offensive offensives assault assaults angriff',
  fear: 'fear fears feared fearing concern concerns concerned worry worries worried threat threats threaten threatens threatening',
  kill: 'kill kills killed killing dead death deaths died die dies fatalities fatal toll lives tote tot morts muertos',
  injure: 'injure injures injured injuring injuries wounded wounding hurt verletzte blessés heridos',
  send: 'send sends sent sending deploy deploys deployed deployment dispatch dispatched provide provided transfer transferred station stations stationed stationing participate participates participated participating fight fights fighting fought combat',
  announce: 'announce announces announced announcement declare declares declared declaration unveil unveiled proclaim proclaims proclaimed',
  alliance: 'alliance alliances pact coalition bloc',
  evacuate: 'evacuate evacuates evacuated evacuation evacuations evacuee evacuees',
  rescue: 'rescue rescues rescued rescuing saved',
  protest: 'protest protests protested protesting protester protesters demonstrate demonstrates demonstrated demonstrating demonstration demonstrations demonstrator demonstrators rally rallies rallied',
  home: 'home homes house houses dwelling dwellings',
  arrest: 'arrest arrests arrested detain detained detention custody',
  resign: 'resign resigns resigned resignation quit quits stepped',
  elect: 'elect elects elected election elections vote votes voted ballot ballots',
  open: 'open opens opened opening reopen reopens reopened reopening inaugurate inaugurated',
  close: 'close closes closed closing closure shut shuts',
  cost: 'cost costs costing price priced spend spent spending budget worth valued value',
  agreement: 'agreement agreements agree agrees agreed deal deals accord accords treaty treaties contract contracts',
  rise: 'rise rises rose risen rising peak peaks peaked climb climbs climbed',
  rule: 'rule rules ruled ruling govern governs governed governing reign reigns reigned',
  flood: 'flood floods flooded flooding overflow overflows overflowed inundated',
  sign: 'sign signs signed signing',
  refuse: 'refuse refuses refused refusal reject rejects rejected deny denies denied',
  collapse: 'collapse collapses collapsed collapsing fail fails failed failure breach breaches breached burst bursts',
  begin: 'begin begins began begun start starts started launch launches launched',
};

/**
 * A finite verb of English news prose, as a pattern: auxiliaries and modals, regular past forms, the
 * common irregular ones. What tells a clause from a phrase ("Kostan arrived …" / "Russia's war against
 * Ukraine") and a subject-verb order from an inverted one ("On Monday flew Putin").
 */
export const FINITE_VERB = String.raw`(?:is|are|was|were|has|have|had|will|would|can|could|did|does|\p{Ll}{3,}ed|arrived|met|flew|came|went|said|told|began|sent|won|lost|gave|took|made|held|left|saw|rose|fell|led|ran|struck|built|fled|hit|paid|kept|brought|bought|sold|spent|chose|drove|wrote|spoke|broke)`;

/** Phrases that stand for a concept as a whole ("gave way" is a collapse). */
export const PHRASE_CONCEPTS: [RegExp, string][] = [
  [/\b(?:gave|give|gives|giving) way\b/gi, 'collapse'],
  [/\bred carpet\b/gi, 'welcome'],
  [/\b(?:stepped|steps|step) down\b/gi, 'resign'],
  [/\b(?:moved|taken|brought) to safety\b/gi, 'evacuate'],
  [/\b(?:burst|bursts|broke|breaks) (?:its|their) banks\b/gi, 'flood'],
  [/\b(?:take|takes|took|taking) (?:an? )?(?:active )?part\b/gi, 'send'],
  [/\bbased in\b/gi, 'send'],
  // Taking part in a war, in the words outlets use for it: "enter the war", "interfere in the fighting".
  [/\b(?:enter|enters|entered|entering|join|joins|joined|joining) (?:the |this |that )?(?:war|fighting|conflict)\b/gi, 'send'],
  [/\b(?:interfere|interferes|interfered|interfering|intervene|intervenes|intervened|intervening) in (?:the |this |that )?(?:war|fighting|conflict)\b/gi, 'send'],
  [/\b(?:in power|in office)\b/gi, 'rule'],
  [/\b(?:leader|head of state) since\b/gi, 'rule'],
  [/\b(?:leave|left|leaving|fled|flee|abandon(?:ed)?) (?:their|his|her) homes?\b/gi, 'evacuate'],
  [/\b(?:passed|pass|passes) away\b/gi, 'kill'],
  [/\b(?:set|sets) off\b/gi, 'begin'],
  [/\b(?:rule|rules|ruled|ruling) out\b/gi, 'not'],
  [/\b(?:turn|turns|turned|turning) down\b/gi, 'not'],
];

/** Phrases that say nothing of the content, though their words alone would ("so far" is not distance). */
export const FUNCTION_PHRASES = /\b(?:so far|thus far|by far|as far as|of course|in fact|at all)\b/gi;

/** Word (lower case) → concept it stands for. */
export const CONCEPT_OF: Map<string, string> = new Map(
  Object.entries(CONCEPT_GROUPS).flatMap(([concept, words]) => words.split(/\s+/).map((w) => [w, concept] as [string, string])),
);

/**
 * The frame of a statement, not its content: who reports it and how sure or willing they are
 * ("has repeatedly promised that he does not want to send troops" states what "was not planning to
 * send soldiers" states). Facts weigh these words lightly instead of requiring them to match.
 */
export const FRAME_WORDS_EN = new Set(`
  say says said saying state states stated stating tell tells told add adds added explain explains explained stress stresses
  stressed insist insists insisted argue argues argued note notes noted claim claims claimed announce announces announced
  declare declares declared report reports reported confirm confirms confirmed assure assures assured reiterate reiterates
  reiterated promise promises promised pledge pledges pledged vow vows vowed want wants wanted wish wishes wished plan plans
  planned planning intend intends intended intending hope hopes hoped expect expects expected seek seeks sought try tries
  tried going repeatedly reportedly allegedly apparently again once twice ever
`.split(/\s+/).filter(Boolean));

/**
 * English function words: what a sentence says without them is what facts are matched on. The
 * stop lists used for clustering (stopwords-iso) also drop content words ("high", "abroad", "value")
 * that tell one statement from another, so facts use this short list for English.
 */
export const FUNCTION_WORDS_EN = new Set(`
  i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself
  they them their theirs themselves what which who whom this that these those am is are was were be been being have has had
  having do does did doing a an the and but if or because as until while of at by for with about against between into through
  during before after above below to from up down in out on off over under again further then once here there when where why how
  all any both each few more most other some such no nor not only own same so than too very s t can will just don should now
  would could may might must shall also said says told according however yet even still already since though although whether
  mr mrs ms one two three year years monday tuesday wednesday thursday friday saturday sunday january february march april june
  july august september october november december today yesterday week weeks month months day days time
`.split(/\s+/).filter(Boolean));
