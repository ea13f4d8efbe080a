"""What the briefing core knows about each language, in one place: one ``Lexicon`` entry per language.

The sentence splitter, the language guesser, the quote extractor and the people finder read their words
from here: quotation marks, reporting verbs and the phrases that introduce a speaker ("according to",
"selon", "за словами"), titles and honorifics, prepositions and time words (which never start a speaker),
articles and pronouns with their gender. Adding a language means adding one ``Lexicon`` and its tests.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

MALE = "m"
FEMALE = "f"


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


def _phrases(spec: str) -> frozenset[str]:
    """Return the "|"-separated words and phrases of spec, each with single spaces."""
    return frozenset(" ".join(p.split()) for p in spec.split("|") if p.strip())


@dataclass(frozen=True)
class Lexicon:
    """The words and marks of one language that the quote extractor and the people finder rely on."""

    code: str
    # (opening, closing) quotation marks the language uses, the usual pair first.
    quote_pairs: tuple[tuple[str, str], ...]
    # Finite reporting verbs and participles: "said", "sagte", "a-t-il dit" is handled by the pronoun forms.
    verbs: frozenset[str]
    # Words that introduce the speaker after them: "according (to)", "selon", "według", "laut".
    cues_before: frozenset[str] = frozenset()
    # Two-word cues that do the same: "по словам", "за словами", "de acordo (com)".
    cue_phrases: tuple[tuple[str, str], ...] = ()
    # Words that follow the speaker: "Müller zufolge".
    cues_after: frozenset[str] = frozenset()
    # Words that stand between the subject and the verb: auxiliaries and adverbs ("has", "also", "ha").
    auxiliaries: frozenset[str] = frozenset()
    # Prepositions: a capitalised word after one is a place or an institution, not the speaker.
    prepositions: frozenset[str] = frozenset()
    # Words that end the speaker's noun phrase: conjunctions, time words, "during".
    stops: frozenset[str] = frozenset()
    definite: frozenset[str] = frozenset()  # articles: "the", "la" (a role after one names someone known)
    indefinite: frozenset[str] = frozenset()  # "a", "une", "jeden z": an unnamed speaker, shown as written
    female_articles: frozenset[str] = frozenset()
    male_articles: frozenset[str] = frozenset()
    pronouns_male: frozenset[str] = frozenset()
    pronouns_female: frozenset[str] = frozenset()
    pronouns_other: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()  # capitalised words before a name that are not part of it
    titles_male: frozenset[str] = frozenset()
    titles_female: frozenset[str] = frozenset()
    # Lower-case role nouns that name a person's job ("wethouder", "assessora"); gender when the word has one.
    roles: frozenset[str] = frozenset()  # either gender: "portavoz", "sexagénaire"
    roles_male: frozenset[str] = frozenset()
    roles_female: frozenset[str] = frozenset()
    # Common first names, which tell a person and their gender ("Manuel Outeiral", "Ольга Тамм").
    first_names_male: frozenset[str] = frozenset()
    first_names_female: frozenset[str] = frozenset()
    # Verb endings that mark the subject's gender (Slavic past tense: "сказала", "powiedział").
    verb_endings_female: tuple[str, ...] = ()
    verb_endings_male: tuple[str, ...] = ()
    # Words that mostly occur in this language: the language guesser counts them.
    stopwords: frozenset[str] = frozenset()
    # Common words that start sentences with a capital and never name anyone.
    capitalised_stopwords: frozenset[str] = frozenset()
    # Case endings of names after a cue that takes the genitive ("według Zielińskiego" -> "Zieliński").
    genitive_endings: tuple[tuple[str, str], ...] = ()
    # Nouns for an organisation: "the company said" points back to the organisation named before.
    org_nouns: frozenset[str] = frozenset()
    # Nouns that "say" things without being speakers: "the statement continued", "le communiqué précise".
    documents: frozenset[str] = frozenset()
    # Nouns for those who speak for someone: "Roe’s lawyer said" names its speaker by the one it serves.
    agents: frozenset[str] = frozenset()
    # Conjunctions that open a subordinate clause: "Although Ford had outlined it, he struggled".
    subordinators: frozenset[str] = frozenset()
    capitalised_nouns: bool = False  # every noun has a capital ("der Sprecher"): one word is no name
    pro_drop: bool = False  # a verb can stand without its subject ("«…», ha detto."): the last person spoke
    dialogue_dash: bool = False  # news prints speech as a paragraph opened by a dash ("—Esto es así —dijo—.")
    # An attribution may stand inside one pair of marks (« A, a-t-il affirmé, mais B »); English closes the
    # marks around it (“A,” he said, “B.”): ", according to data from …," inside an English quote is quoted.
    inner_attribution: bool = True
    # Sentence openers the summariser reads (lower case; a phrase is its words joined by one space):
    # connectives a sentence stands without once dropped ("But", "However,"), and openers that need the
    # sentence before ("He", "This", "Instead,"), which are shown only right after it.
    connectives: frozenset[str] = frozenset()
    dependent_openers: frozenset[str] = frozenset()
    # Demonstratives, which point at the calendar rather than back before a time word ("This week").
    demonstratives: frozenset[str] = frozenset()
    # Words the summariser leaves out when it compares sentences (function words, "said", "year").
    summary_stopwords: frozenset[str] = frozenset()

    @functools.cached_property
    def pronouns(self) -> frozenset[str]:
        """Every personal pronoun, whatever its gender (joined once per lexicon)."""
        return self.pronouns_male | self.pronouns_female | self.pronouns_other


# ---------------------------------------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------------------------------------

_EN_VERB_BASES = """say tell add claim insist warn write note argue ask explain state declare reply respond
    continue recall acknowledge admit announce assert comment complain concede conclude confirm contend
    counter deny emphasise emphasize estimate exclaim joke lament maintain mention observe predict
    promise quip remark report reiterate shout stress suggest testify tweet post urge vow whisper
    yell mock scoff laugh sigh boast caution charge retort recount muse wonder chime concur demand
    tout thunder snap answer agree disagree allege inform advise believe recommend reveal
    point describe start sing chant read plead beg marvel grumble gush cry proclaim rail
    fume chuckle shrug interject interrupt offer opine posit pledge rant gripe crow
    brag counsel needle sneer lash blast slam praise swear huff assure email share press text affirm
    clarify elaborate highlight reason reflect protest query question reassure rebut remind sniff tease
    underscore vent object"""
_EN_IRREGULAR = "said says told tells wrote writes began thought saying telling writing quipped snapped spoke"
# Bases that are also common nouns ("at one point", "the report"): only their -ed and -ing forms count.
_EN_NOUNISH = _words(
    "state post report point charge offer cry rail needle crow lash blast slam praise start read answer note "
    "comment continue believe counter demand joke sigh shrug laugh tweet respond share email press text "
    "reason question object vent"
)


def _en_inflect(base: str) -> set[str]:
    forms = {base}
    if base.endswith("e"):
        forms |= {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and base not in {"say", "pray"}:
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    elif base.endswith(("sh", "ch", "ss", "x")):
        forms |= {base + "es", base + "ed", base + "ing"}
    else:
        forms |= {base + "s", base + "ed", base + "ing"}
    if base in {"snap", "quip", "chime"}:
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    if base in _EN_NOUNISH:
        forms = {f for f in forms if f.endswith(("ed", "ing"))} | ({"read"} if base == "read" else set())
    return forms


def _en_verbs() -> frozenset[str]:
    found = {f for base in _EN_VERB_BASES.split() for f in _en_inflect(base)}
    return frozenset(found | set(_EN_IRREGULAR.split()))


# Present forms of the noun-like bases: a verb only right after a quotation ("…," comments Jane Roe).
EN_INVERTED_ONLY = frozenset(
    b + ("es" if b.endswith(("sh", "ch")) else "s") for b in _EN_NOUNISH if b not in ("read",)
)

# Titles shared by most languages that write names in Latin script.
_TITLES_COMMON = _words(
    """Mr Mrs Ms Miss Mx Dr Prof Sen Rep Gov Lt Gen Col Capt Sgt Cpl Adm Maj Cmdr Supt Insp Det Rev Fr
    Hon St President Vice Prime Minister Ministers Secretary General Chancellor Senator
    Representative Congressman Congresswoman Governor Mayor Judge Justice Chief Director Ambassador
    Chairman Chairwoman Chair Spokesman Spokeswoman Spokesperson King Queen Prince Princess Pope
    Father Reverend Sir Dame Lord Lady Speaker Leader Commissioner Deputy Assistant Attorney Defence
    Defense Foreign Interior Finance Health Home Trade Economy Economic Special Envoy Adviser
    Advisor CEO CFO COO Coach Officer Commander Admiral Marshal Colonel Captain Sergeant Lieutenant
    Professor Doctor Detective Inspector Sheriff Councillor Councilman Councilwoman Alderman Premier
    Rabbi Imam Bishop Archbishop Cardinal Sheikh Emir Sultan Crown Head Executive Founder Manager
    Counsel Solicitor Prosecutor Officers Agent Analyst Economist Editor Reporter Correspondent
    Anchor Host Candidate Nominee Former Acting Interim Then Chairperson Majority Minority Whip
    Labor Labour Democrat Democratic Republican Republicans Democrats GOP Conservative Liberal
    Independent Socialist Green Sens Reps General-Secretary Under Undersecretary Parliamentary Cabinet
    State Presidential National Security Intelligence Military Army Navy Air Force Federal Regional
    District County Opposition Party Lawmaker Legislator Delegate Activist Author Writer Actor Actress
    Singer Star Producer Businessman Businesswoman Billionaire Tycoon Mogul Lawyer Attorney-General
    Surgeon Nurse Pastor Priest Brother Sister Uncle Aunt Grandma Grandpa Mom Dad Mother Owner Partner
    Principal Superintendent Trustee Fellow Scholar Researcher Scientist Physician Investigator
    Spokesmen"""
)
_TITLES_MALE_COMMON = _words("Mr Sir Lord King Prince Father Brother Uncle Dad")
_TITLES_FEMALE_COMMON = _words(
    "Mrs Ms Miss Dame Lady Queen Princess Sister Aunt Mom Mother Congresswoman Chairwoman Spokeswoman "
    "Councilwoman Businesswoman Actress"
)

ENGLISH = Lexicon(
    code="en",
    inner_attribution=False,
    summary_stopwords=_words(
        """a i me my myself you your yours he him himself she herself it itself they them themselves what
        whom this these those am is are was were be been being have has had having do does did doing an the
        and but if or because as until while of at by for with about against between into through during
        before after above below to from up down in out on off over under again further then once here there
        when where why how all any both each few more most other some such no nor not only own same so than
        too very can will just don should now said says say told also would could may might must one two new
        year years last per cent percent mr mrs ms its it's he's she's that's there's 's s t"""
    ),
    org_nouns=_words(
        """company firm label agency ministry department organisation organization group bank studio
        network union council committee campaign party government administration office carmaker
        retailer airline startup"""
    ),
    demonstratives=_words("this that these those"),
    connectives=_phrases(
        """but|and|however|also|still|yet|notably|meanwhile|moreover|furthermore|additionally|indeed|
        nevertheless|nonetheless|besides|in addition|that said|even so|at the same time|what's more"""
    ),
    dependent_openers=_phrases(
        """he|she|they|it|this|these|those|his|her|their|its|him|them|that|or|so|instead|then|
        otherwise|similarly|likewise|thus|therefore|hence|accordingly|consequently|such|as a result|
        by contrast|in contrast|on the other hand|for example|for instance|in turn"""
    ),
    quote_pairs=(("“", "”"), ("‘", "’"), ('"', '"')),
    verbs=_en_verbs(),
    cues_before=_words("according"),
    auxiliaries=_words(
        """has had have would will was is also later then further previously again once recently simply
        just were been only quickly flatly repeatedly already often famously reportedly did does do
        had has may might could would should must can shall not never still instead"""
    ),
    prepositions=_words(
        """in at on to for from with of by into onto about over under near outside inside across
        through via toward towards upon within without among amid behind beside between"""
    ),
    stops=_words(
        """during when while after before as who which that according adding referring and but because
        although though since until if where whose whom than this last early earlier late Monday
        Tuesday Wednesday Thursday Friday Saturday Sunday today yesterday tonight morning afternoon
        evening night week month year ago"""
    ),
    definite=_words("the The"),
    indefinite=_words("a A an An one One some Some another Another"),
    pronouns_male=_words("he He"),
    pronouns_female=_words("she She"),
    pronouns_other=_words("they They we We I it It who Who which"),
    titles=_TITLES_COMMON,
    titles_male=_TITLES_MALE_COMMON,
    titles_female=_TITLES_FEMALE_COMMON,
    roles_male=_words(
        """actor man father husband son brother businessman chairman spokesman congressman singer coach
        player manager minister president governor senator mayor official chief director officer actress
        star rapper chancellor premier leader founder executive lawyer author writer veteran forward
        striker midfielder defender goalkeeper boss pitcher quarterback commissioner judge"""
    )
    - {"actress"},
    roles_female=_words(
        "actress woman mother wife daughter sister businesswoman chairwoman spokeswoman congresswoman"
    ),
    documents=_words(
        """statement report letter release document study paper survey filing complaint lawsuit indictment
        post tweet message memo email e-mail website site article book analysis data poll record records
        transcript video footage announcement notice"""
    ),
    subordinators=_words("although though when while after before as since because if once whereas"),
    agents=_words(
        """rep reps representative representatives spokesperson spokesman spokeswoman aide aides adviser
        advisers advisor advisors lawyer lawyers attorney attorneys publicist agent office campaign team
        family spokespeople"""
    ),
    stopwords=_words(
        """the of and to in is that for it was on with as he at by this be are from have has had not
        but they his her she an or which were been their will would said who its there we after also
        than more about when what all one our could into them"""
    ),
)

# ---------------------------------------------------------------------------------------------------------
# German
# ---------------------------------------------------------------------------------------------------------

GERMAN = Lexicon(
    code="de",
    capitalised_nouns=True,
    org_nouns=_words(
        "Unternehmen Firma Konzern Ministerium Behörde Verband Partei Regierung Bank Gewerkschaft Stadt"
    ),
    demonstratives=_words("diese dieser dieses"),
    connectives=_phrases("aber|doch|jedoch|allerdings|auch|zudem|außerdem|dennoch|trotzdem|indes"),
    dependent_openers=_phrases(
        """er|sie|es|dies|diese|dieser|dieses|das|dabei|dafür|deshalb|daher|deswegen|dadurch|
        stattdessen|damit|sein|seine|ihr|ihre"""
    ),
    first_names_male=_words(
        """Jürgen Markus Stefan Thomas Andreas Michael Wolfgang Klaus Uwe Frank Jörg Matthias Tobias
        Florian Lukas Jonas Felix Sebastian Christian Dirk Ralf Bernd Dieter Helmut Horst Günter Werner
        Olaf Friedrich Heinz Rainer Volker Armin Norbert Hubert Josef Johann Georg"""
    ),
    first_names_female=_words(
        """Katrin Miriam Anja Sabine Petra Ursula Monika
        Claudia Susanne Andrea Birgit Karin Heike Sandra Stefanie Julia Lena Leonie Annalena Angela Renate
        Gisela Ingrid Brigitte Barbara Franziska Johanna Greta Lisa Marie Hanna Jana Sarah Nina Kerstin"""
    ),
    quote_pairs=(("„", "“"), ("»", "«"), ("‚", "‘"), ("›", "‹")),
    verbs=_words(
        """sagte sagt sagten sagen gesagt erklärte erklärt erklärten betonte betont betonten meinte meint
        schrieb schreibt fügte ergänzte ergänzt warnte warnt berichtete berichtet mahnte mahnt kritisierte
        kritisiert forderte fordert versicherte versichert bestätigte bestätigt fragte fragt antwortete
        antwortet räumte erläuterte erläutert sagte betonte teilte bekräftigte unterstrich unterstreicht
        zeigte stellte klagte beklagte argumentierte verwies verweist kommentierte heißt hieß"""
    ),
    cues_before=_words("laut Laut"),
    cues_after=_words("zufolge"),
    documents=_words("Aussendung Mitteilung Erklärung Bericht Studie Schreiben"),
    auxiliaries=_words("hat habe hatte hatten haben auch noch dann bereits schon am"),
    prepositions=_words(
        """in im am an auf bei beim vom von zum zur aus nach mit vor über unter gegen ins ans für durch
        um des"""
    ),
    stops=_words(
        """während als wenn nachdem bevor weil dass und aber denn am gestern heute morgen
        abend montag dienstag mittwoch donnerstag freitag samstag sonntag Montag Dienstag Mittwoch
        Donnerstag Freitag Samstag Sonntag gegenüber"""
    ),
    definite=_words("der die das den dem des Der Die Das"),
    indefinite=_words("ein eine einer eines einem einen Ein Eine kein keine keiner keinen"),
    female_articles=_words("die Die eine einer"),
    male_articles=_words("der Der ein einen dem"),
    pronouns_male=_words("er Er"),
    pronouns_female=_words("sie Sie"),
    pronouns_other=_words("wir ich Wir Ich man"),
    titles=_words("Herr Frau Kanzler Kanzlerin Präsident Präsidentin Ministerin Minister Bürgermeister")
    | _words("Bürgermeisterin Dr Prof"),
    titles_male=_words("Herr Kanzler Präsident Bürgermeister"),
    titles_female=_words("Frau Kanzlerin Präsidentin Ministerin Bürgermeisterin"),
    roles=_words("Vorsitzende"),
    roles_male=_words(
        """Sprecher Bürgermeister Minister Präsident Leiter Direktor Chef Experte Vorsitzender
        Einsatzleiter Forscher Arzt Wissenschaftler"""
    ),
    roles_female=_words(
        """Sprecherin Bürgermeisterin Ministerin Präsidentin Leiterin Direktorin Chefin Expertin
        Stadträtin Forscherin Ärztin Wissenschaftlerin"""
    ),
    stopwords=_words(
        """der die das und ist nicht sich mit den dem des ein eine einer eines auch auf für von zu im
        wird wurde sind hat haben bei aus nach wie über noch nur oder aber wenn sie er es ich wir man
        dass durch einem werden kann"""
    ),
    capitalised_stopwords=_words("Der Die Das Ein Eine Und Auch Doch Im Am Laut Nach Wie Wir Ich Es Sie Er"),
)

# ---------------------------------------------------------------------------------------------------------
# French
# ---------------------------------------------------------------------------------------------------------

FRENCH = Lexicon(
    code="fr",
    org_nouns=_words(
        "entreprise société groupe ministère agence syndicat parti gouvernement banque compagnie"
    ),
    demonstratives=_words("ce cette ces"),
    connectives=_phrases(
        "mais|cependant|pourtant|toutefois|aussi|néanmoins|en outre|par ailleurs|de plus|en revanche"
    ),
    dependent_openers=_phrases(
        """il|elle|ils|elles|cela|ceci|ça|ainsi|donc|alors|ce|cette|ces|son|sa|ses|leur|leurs|
        par conséquent"""
    ),
    first_names_male=_words(
        """Jean Pierre Michel Philippe Alain Nicolas Christophe Olivier Éric Eric François Laurent Julien
        Stéphane Sébastien Yannick Karim Mathieu Guillaume Antoine Thierry Bruno Patrick Jacques Bernard
        Didier Emmanuel Benoît Hervé Gilles Xavier Vincent Rémi Yves Luc Marc"""
    ),
    first_names_female=_words(
        """Marie Nadine Sophie Martine
        Nathalie Isabelle Sylvie Catherine Françoise Valérie Sandrine Céline Camille Élodie Aurélie Julie
        Claire Anne Brigitte Chantal Monique Hélène Véronique Ségolène Marine Agnès Élisabeth Amélie
        Manon Léa Chloé Pauline Mathilde Louise"""
    ),
    quote_pairs=(("«", "»"), ("“", "”"), ("‹", "›")),
    verbs=_words(
        """dit déclare déclaré affirme affirmé explique expliqué ajoute ajouté souligne souligné estime
        estimé écrit indique indiqué précise précisé assure assuré confie confié raconte raconté insiste
        insisté martèle martelé rappelle rappelé lance lancé poursuit poursuivi conclut résume résumé
        regrette regretté prévient prévenu reconnaît reconnu témoigne témoigné dénonce dénoncé commente
        commenté annonce annoncé déplore déploré admet admis répond répondu observe observé relève relevé
        confirme confirmé juge jugé avance avancé glisse glissé soutient soutenu tranche tranché
        plaide plaidé avertit averti s’inquiète"""
    ),
    cues_before=_words("selon Selon Pour"),
    documents=_words("communiqué rapport lettre étude"),
    cue_phrases=(("d’après", ""), ("d'après", "")),
    auxiliaries=_words("a ont avait avaient aussi encore ensuite déjà"),
    prepositions=_words("à au aux en dans de du des sur sous chez par pour devant après avant vers lors"),
    stops=_words(
        """lors pendant durant alors quand lorsque tandis après avant et mais car qui que jeudi lundi
        mardi mercredi vendredi samedi dimanche hier soir matin aujourd’hui mercredi"""
    ),
    definite=_words("le la les l’ l' Le La Les L’"),
    indefinite=_words("un une des Un Une"),
    female_articles=_words("la une La Une"),
    male_articles=_words("le un Le Un"),
    pronouns_male=_words("il Il"),
    pronouns_female=_words("elle Elle"),
    pronouns_other=_words("ils elles nous je Ils Elles Nous Je on"),
    titles=_words("M Mme Mlle Monsieur Madame Ministre Président Présidente Maître Me"),
    titles_male=_words("M Monsieur Président"),
    titles_female=_words("Mme Mlle Madame Présidente"),
    roles=_words(
        """ministre porte-parole sexagénaire quinquagénaire quadragénaire trentenaire septuagénaire
        octogénaire élu élue responsable secrétaire juge"""
    ),
    roles_male=_words("président maire directeur romancier auteur"),
    roles_female=_words("présidente mairesse directrice romancière autrice auteure élue"),
    stopwords=_words(
        """le la les des du un une et est que qui dans pour pas sur au aux avec ce cette il elle ils sont
        mais ou par plus son ses leur été être avait fait nous vous comme tout même aussi selon lors"""
    ),
    capitalised_stopwords=_words("Le La Les Un Une Et Selon Pour Dans Il Elle Ils Ce Cette Mais Interrogée"),
)

# ---------------------------------------------------------------------------------------------------------
# Spanish, Italian, Portuguese
# ---------------------------------------------------------------------------------------------------------

SPANISH = Lexicon(
    code="es",
    org_nouns=_words("empresa compañía entidad ministerio agencia sindicato partido gobierno banco grupo"),
    demonstratives=_words("este esta estos estas"),
    connectives=_phrases("pero|también|además|sin embargo|no obstante|por otra parte"),
    dependent_openers=_phrases(
        "él|ella|ellos|ellas|esto|eso|así|entonces|este|esta|estos|estas|su|sus|por eso|por lo tanto"
    ),
    first_names_male=_words(
        """Manuel José Juan Antonio Francisco Javier Carlos Miguel Luis Pedro Jorge Alejandro Fernando
        Rafael Pablo Sergio Alberto Andrés Diego Ricardo Raúl Enrique Ramón Santiago Gonzalo Álvaro Íñigo
        Joaquín Emilio Ignacio Mariano Pepe"""
    ),
    first_names_female=_words(
        """Carmen Lucía Pilar María Rosa Ana Isabel Laura Marta Cristina
        Elena Sofía Valeria Paula Teresa Dolores Mercedes Beatriz Raquel Silvia Patricia Alicia Inés Irene
        Nuria Rocío Yolanda Begoña Montserrat Guadalupe Ximena Gabriela Daniela Claudia"""
    ),
    pro_drop=True,
    quote_pairs=(("«", "»"), ("“", "”"), ('"', '"'), ("‘", "’")),
    verbs=_words(
        """dijo dice dicen dijeron afirmó afirma afirmaron declaró declara declararon explicó explica
        explicaron añadió añade aseguró asegura aseguraron señaló señala señalaron indicó indica indicaron
        escribió agregó agrega advirtió advierte advirtieron comentó comenta sostuvo sostiene apuntó
        apunta subrayó subraya recordó recuerda insistió manifestó reconoció lamentó criticó denunció
        destacó precisó admitió respondió contó cuenta relató confirmó anunció sentenció zanjó expresó
        detalló puntualizó concluyó resumió reiteró aclaró defendió valoró celebró advirtió"""
    ),
    cues_before=_words("según Según Para"),
    documents=_words("comunicado informe carta estudio"),
    auxiliaries=_words("ha han había habían también luego después ya"),
    prepositions=_words("en a al de del desde con por para sobre ante tras entre hacia"),
    stops=_words(
        """durante mientras cuando tras antes después y pero porque que quien este esta ayer hoy lunes
        martes miércoles jueves viernes sábado domingo"""
    ),
    definite=_words("el la los las El La Los Las"),
    indefinite=_words("un una unos unas Un Una"),
    female_articles=_words("la una La Una"),
    male_articles=_words("el un El Un"),
    pronouns_male=_words("él Él"),
    pronouns_female=_words("ella Ella"),
    pronouns_other=_words("ellos ellas nosotros yo"),
    titles=_words("Señor Señora Sr Sra Srta Don Doña Dña Presidente Presidenta Ministro Ministra"),
    titles_male=_words("Señor Sr Don Presidente Ministro"),
    titles_female=_words("Señora Sra Srta Doña Dña Presidenta Ministra"),
    roles=_words("portavoz presidente"),
    roles_male=_words("ministro alcalde director veterano mariscador experto gobernador pescador"),
    roles_female=_words("ministra presidenta alcaldesa directora experta"),
    stopwords=_words(
        """el la los las del un una unos y es que en por para con no se su sus al lo como más pero fue
        ha han este esta está están entre cuando también sobre ya muy hasta desde donde según"""
    ),
    capitalised_stopwords=_words("El La Los Las Un Una Y Según En Con Para Por Pero"),
    dialogue_dash=True,
)

ITALIAN = Lexicon(
    code="it",
    org_nouns=_words("azienda società gruppo ministero agenzia sindacato partito governo banca"),
    demonstratives=_words("questo questa"),
    connectives=_phrases("ma|però|tuttavia|inoltre|anche|d'altra parte"),
    dependent_openers=_phrases(
        "lui|lei|loro|questo|questa|ciò|così|quindi|dunque|allora|suo|sua|suoi|sue|per questo"
    ),
    first_names_male=_words(
        """Giuseppe Giovanni Marco Luca Lorenzo Stefano Roberto Paolo Francesco Alessandro Andrea Matteo
        Davide Massimo Giorgio Sergio Fabio Claudio Enrico Riccardo Simone Federico Gianni Salvatore
        Vincenzo Antonio Pietro Carlo Mario Luigi Silvio Renato"""
    ),
    first_names_female=_words(
        """Giulia Chiara Paola Francesca Giorgia
        Elena Sara Valentina Alessandra Federica Silvia Martina Laura Roberta Elisa Anna Maria Lucia
        Antonella Simona Cristina Daniela Monica Emanuela Serena Ilaria Beatrice Caterina Rosa Teresa"""
    ),
    pro_drop=True,
    quote_pairs=(("«", "»"), ("“", "”"), ('"', '"')),
    verbs=_words(
        """detto dice dicono disse dichiarato dichiara dichiarò spiegato spiega spiegò aggiunto aggiunge
        aggiunse sottolineato sottolinea affermato afferma affermò commentato commenta osservato osserva
        ammesso ammette raccontato racconta ricordato ricorda precisato precisa assicurato assicura
        avvertito avverte denunciato denuncia scritto scrive annunciato annuncia replicato replica
        risposto risponde confermato conferma ribadito ribadisce concluso conclude insistito insiste
        attaccato attacca lamentato lamenta sostenuto sostiene confidato confida rilanciato rilancia
        evidenziato evidenzia dichiarano spiegano"""
    ),
    cues_before=_words("secondo Secondo Per"),
    auxiliaries=_words("ha hanno aveva avevano anche poi già"),
    prepositions=_words(
        """a al alla allo ai agli alle in nel nella nello nei negli nelle di del della dello dei degli
        delle da dal dalla dai su sul sulla con per tra fra davanti presso"""
    ),
    stops=_words(
        """durante mentre quando dopo prima e ma perché che ieri oggi lunedì martedì mercoledì giovedì
        venerdì sabato domenica"""
    ),
    definite=_words("il lo la l' l’ i gli le Il Lo La L' L’ I Gli Le"),
    indefinite=_words("un uno una un' un’ Un Uno Una"),
    female_articles=_words("la una La Una"),
    male_articles=_words("il lo un uno Il Lo Un"),
    pronouns_male=_words("lui Lui"),
    pronouns_female=_words("lei Lei"),
    pronouns_other=_words("loro noi io"),
    titles=_words("Signor Signora Sig Presidente Ministro Ministra Sindaco Onorevole"),
    titles_male=_words("Signor Sig Ministro Sindaco"),
    titles_female=_words("Signora Ministra"),
    roles=_words("presidente portavoce sindacalista giornalista regista"),
    roles_male=_words("ministro sindaco assessore direttore segretario geologo tecnico"),
    roles_female=_words("ministra sindaca presidentessa assessora direttrice segretaria"),
    stopwords=_words(
        """il lo la gli le di del della dei delle un una e è che non per con su da nel nella al alla sono
        ha hanno anche come più ma questo questa essere stato stata dopo tra ancora"""
    ),
    capitalised_stopwords=_words("Il Lo La Gli Le Un Una E Secondo Per Con Ma Critici"),
)

PORTUGUESE = Lexicon(
    code="pt",
    org_nouns=_words("empresa companhia entidade ministério agência sindicato partido governo banco grupo"),
    demonstratives=_words("este esta"),
    connectives=_phrases("mas|porém|contudo|também|além disso|no entanto"),
    dependent_openers=_phrases("ele|ela|eles|elas|isso|isto|assim|então|este|esta|seu|sua|por isso"),
    first_names_male=_words(
        """João José António Antônio Paulo Rui Henrique Cláudio Pedro Miguel Tiago Luís Carlos
        Jorge Manuel Fernando Ricardo Nuno Sérgio Marcelo Rodrigo Gustavo Fábio Eduardo Luiz Márcio Flávio
        Vítor Artur"""
    ),
    first_names_female=_words(
        """Renata Albertina Ana Maria Mariana Beatriz Inês Joana Catarina Sofia Fernanda
        Juliana Patrícia Luciana Cristina Marta Carla Rita Teresa Helena Adriana Camila Gabriela Larissa
        Aline Simone Sandra Dilma Marina"""
    ),
    pro_drop=True,
    quote_pairs=(("«", "»"), ("“", "”"), ('"', '"')),
    verbs=_words(
        """disse diz dizem disseram afirmou afirma afirmaram declarou declara declararam explicou explica
        explicaram acrescentou acrescenta sublinhou sublinha salientou salienta referiu refere garantiu
        garante assegurou assegura adiantou adianta contou conta lembrou lembra alertou alerta admitiu
        admite ressaltou ressalta destacou destaca avaliou avalia comentou comenta criticou critica
        defendeu defende escreveu escreve respondeu responde confirmou confirma reconheceu reconhece
        anunciou anuncia informou informa relatou relata observou observa frisou frisa sustentou
        desabafou afirmaram"""
    ),
    cues_before=_words("segundo Segundo conforme Conforme Para"),
    cue_phrases=(("de", "acordo"),),
    auxiliaries=_words("também ainda já depois"),
    prepositions=_words(
        """a ao à aos às em no na nos nas de do da dos das por pelo pela com para sobre entre perante"""
    ),
    stops=_words(
        """durante enquanto quando após antes e mas porque que ontem hoje segunda terça quarta quinta
        sexta sábado domingo"""
    ),
    definite=_words("o a os as O A Os As"),
    indefinite=_words("um uma uns umas Um Uma"),
    female_articles=_words("a uma A Uma"),
    male_articles=_words("o um O Um"),
    pronouns_male=_words("ele Ele"),
    pronouns_female=_words("ela Ela"),
    pronouns_other=_words("eles elas nós eu"),
    titles=_words("Senhor Senhora Sr Sra Dona Presidente Ministro Ministra"),
    titles_male=_words("Senhor Sr Ministro"),
    titles_female=_words("Senhora Sra Dona Ministra"),
    roles=_words("presidente porta-voz comandante"),
    roles_male=_words("ministro secretário bastonário diretor morador"),
    roles_female=_words("ministra presidenta secretária diretora moradora"),
    stopwords=_words(
        """o a os as do da dos das um uma e é que não para com em no na nos nas por se seu sua ao foi
        mais mas como também já pelo pela são está ser ter entre quando"""
    ),
    capitalised_stopwords=_words("O A Os As Um Uma E Segundo Em Para Com Mas"),
)

# ---------------------------------------------------------------------------------------------------------
# Dutch, Polish, Ukrainian, Russian
# ---------------------------------------------------------------------------------------------------------

DUTCH = Lexicon(
    code="nl",
    org_nouns=_words("bedrijf onderneming ministerie gemeente partij regering bank vakbond"),
    demonstratives=_words("deze dit"),
    connectives=_phrases("maar|echter|ook|bovendien|toch|daarnaast"),
    dependent_openers=_phrases("hij|zij|ze|het|dit|dat|deze|daarom|daardoor|dus|zijn|haar|hun"),
    first_names_male=_words(
        """Pieter Henk Jan Gerrit Bart Kees Joost Willem Dirk Sander Bram Ruud Erik Maarten Thijs Jeroen
        Wouter Koen Arjen Hans Geert Mark Frans Johan Niels Stijn Bas Rutger Lars Tom"""
    ),
    first_names_female=_words(
        """Sanne Femke Lotte
        Anouk Marieke Ingrid Annemarie Esther Linda Mirjam Eva Fleur Inge Sophie Lieke Emma Anne Karin
        Els Wilma Hanneke Janneke Marloes Sabine Petra Ilse Kim Iris Saskia"""
    ),
    quote_pairs=(("“", "”"), ("‘", "’"), ('"', '"'), ("„", "”")),
    verbs=_words(
        """zei zegt zeggen zeiden gezegd verklaarde verklaart vertelde vertelt legde aldus stelde stelt
        benadrukte benadrukt schreef schrijft voegde voegt waarschuwde waarschuwt reageerde reageert liet
        meldde meldt antwoordde erkende vond vindt merkte betoogde klaagde bevestigde bevestigt
        concludeerde beaamde verzuchtte"""
    ),
    cues_before=_words("volgens Volgens"),
    auxiliaries=_words("heeft hebben had ook nog al"),
    prepositions=_words("in op bij aan van voor met uit naar over onder tegen tijdens door om"),
    stops=_words(
        """tijdens terwijl toen nadat voordat en maar omdat dat die gisteren vandaag maandag dinsdag
        woensdag donderdag vrijdag zaterdag zondag"""
    ),
    definite=_words("de het De Het"),
    indefinite=_words("een Een"),
    pronouns_male=_words("hij Hij"),
    pronouns_female=_words("zij Zij ze"),
    pronouns_other=_words("wij we ik Wij We Ik"),
    titles=_words("Meneer Mevrouw Dhr Mevr Burgemeester Minister Wethouder"),
    titles_male=_words("Meneer Dhr"),
    titles_female=_words("Mevrouw Mevr"),
    roles=_words("wethouder burgemeester minister"),  # either gender: "aldus de wethouder" may be a woman
    roles_male=_words("directeur woordvoerder onderzoeker"),
    roles_female=_words("onderzoekster woordvoerster directrice"),
    stopwords=_words(
        """de het een en van is dat die in op te voor met niet zijn was aan er maar ook als bij door
        om dan nog wel naar heeft hebben werd wordt deze dit uit tot over zij hij"""
    ),
    capitalised_stopwords=_words("De Het Een En Volgens Maar Ook Dat Die"),
)

_SLAVIC_FEMALE = ("ла", "лась", "лася", "ła", "ła się")
_SLAVIC_MALE = ("в", "л", "лся", "вся", "ł")

POLISH = Lexicon(
    code="pl",
    org_nouns=_words("firma spółka ministerstwo agencja partia rząd bank związek"),
    demonstratives=_words("ten ta to"),
    connectives=_phrases("ale|jednak|także|również|ponadto|zaś|poza tym"),
    dependent_openers=_phrases("on|ona|oni|one|to|ten|ta|tego|dlatego|więc|zatem|jego|jej|ich"),
    first_names_male=_words(
        """Tomasz Jan Piotr Krzysztof Andrzej Marek Paweł Michał Adam Łukasz Marcin Grzegorz Jakub
        Mateusz Wojciech Rafał Dariusz Mariusz Zbigniew Jerzy Kazimierz Stanisław Donald Jarosław Bartosz
        Szymon Karol Radosław Robert Kamil"""
    ),
    first_names_female=_words(
        """Anna Katarzyna Magdalena Krystyna Agnieszka Małgorzata Barbara
        Ewa Elżbieta Joanna Aleksandra Monika Beata Dorota Marta Justyna Karolina Natalia Paulina Zofia
        Maria Alicja Weronika Iwona Renata Jolanta Halina Grażyna Teresa Urszula"""
    ),
    pro_drop=True,
    quote_pairs=(("„", "”"), ("«", "»"), ("‚", "’")),
    verbs=_words(
        """powiedział powiedziała powiedzieli mówi mówił mówiła mówią stwierdził stwierdziła dodał dodała
        zaznaczył zaznaczyła podkreślił podkreśliła wyjaśnił wyjaśniła oświadczył oświadczyła przekonywał
        przekonywała zapowiedział zapowiedziała ocenił oceniła poinformował poinformowała napisał
        napisała przyznał przyznała tłumaczył tłumaczyła zauważył zauważyła ostrzegł ostrzegła zapewnił
        zapewniła twierdzi przekazał przekazała wskazał wskazała skomentował skomentowała odpowiedział
        odpowiedziała zapewnia ostrzega przypomniał przypomniała dodaje podkreśla informuje czytamy
        uważa ocenia przekonuje zaznacza"""
    ),
    cues_before=_words("według Według zdaniem Zdaniem"),
    auxiliaries=_words("też także również już jeszcze"),
    prepositions=_words("w we na z ze do od przy po o u za przed pod nad między dla przez"),
    stops=_words(
        """podczas gdy kiedy po przed i a ale bo że który która wczoraj dziś dzisiaj poniedziałek wtorek
        środę czwartek piątek sobotę niedzielę"""
    ),
    indefinite=_words("jeden jedna Jeden Jedna"),
    pronouns_male=_words("on On"),
    pronouns_female=_words("ona Ona"),
    pronouns_other=_words("oni one my ja"),
    titles=_words("Pan Pani Premier Prezydent Minister Prezes Marszałek"),
    titles_male=_words("Pan"),
    titles_female=_words("Pani"),
    roles=_words("prezes"),
    roles_male=_words(
        "premier prezydent minister wiceprezydent radny rzecznik dyrektor ekonomista samorządowiec krytyk"
    ),
    roles_female=_words("radna rzeczniczka dyrektorka ekonomistka reżyserka mieszkanka"),
    verb_endings_female=_SLAVIC_FEMALE,
    verb_endings_male=_SLAVIC_MALE,
    stopwords=_words(
        """i w na z że się nie do jest to jak o po od za co przez tak już ale dla jego jej był była było
        są oraz także przy który która które tym może być"""
    ),
    capitalised_stopwords=_words("W Na Z Według Zdaniem I A Ale To Jak"),
    genitive_endings=(
        ("skiego", "ski"),
        ("ckiego", "cki"),
        ("skiej", "ska"),
        ("ckiej", "cka"),
        ("ego", ""),
        ("a", ""),
    ),
)

UKRAINIAN = Lexicon(
    code="uk",
    org_nouns=_words("компанія міністерство агентство партія уряд банк компанії"),
    demonstratives=_words("цей ця це"),
    connectives=_phrases("але|однак|також|проте|втім|крім того"),
    dependent_openers=_phrases("він|вона|вони|це|цей|ця|тому|отже|його|її|їхній"),
    first_names_male=_words(
        """Олег Денис Віталій Олександр Володимир Сергій Дмитро Андрій Іван Петро Михайло Юрій Василь
        Микола Богдан Тарас Ігор Віктор Максим Роман Артем Євген Павло Олексій Ярослав Степан"""
    ),
    first_names_female=_words(
        """Ірина
        Наталія Світлана Олена Ольга Юлія Тетяна Марія Анна Оксана Людмила Галина Катерина Вікторія Анастасія
        Софія Дарина Христина Лілія Надія Валентина Леся Мар’яна Ганна"""
    ),
    pro_drop=True,
    quote_pairs=(("«", "»"), ("„", "“"), ("“", "”")),
    verbs=_words(
        """сказав сказала сказали заявив заявила заявили зазначив зазначила зазначили додав додала
        наголосив наголосила пояснив пояснила написав написала повідомив повідомила повідомили розповів
        розповіла розповіли підкреслив підкреслила визнав визнала каже кажуть заявляє зауважив
        зауважила поділився поділилася відповів відповіла запевнив запевнила додає наголошує пояснює
        зазначає вважає попередив попередила прокоментував прокоментувала нагадав нагадала зізналася
        зізнався розповідає каже додала підсумувала підсумував заявляють пише написали"""
    ),
    cue_phrases=(("за", "словами"), ("на", "думку")),
    auxiliaries=_words("також вже ще"),
    prepositions=_words("у в на з із до від при по про для біля під над через за"),
    stops=_words("під час коли після перед і й та але що який яка вчора сьогодні"),
    pronouns_male=_words("він Він"),
    pronouns_female=_words("вона Вона"),
    pronouns_other=_words("вони ми я Вони Ми Я"),
    titles=_words("Пан Пані Президент Міністр Прем’єр-міністр Посол Генерал Мер Депутат Речник"),
    titles_male=_words("Пан"),
    titles_female=_words("Пані"),
    roles=_words("голова"),
    roles_male=_words("заступник міністр мер речник директор військовий лікар"),
    roles_female=_words("речниця директорка мама лікарка авторка письменниця"),
    verb_endings_female=_SLAVIC_FEMALE,
    verb_endings_male=_SLAVIC_MALE,
    stopwords=_words(
        """і й в у не на що з із по це як він вона вони від до для було був була же б але його її
        який які також вже або якщо тільки при так все цього цьому та між"""
    ),
    capitalised_stopwords=_words("У В На З За Про Але І А Та Як Це Під"),
    genitive_endings=(("ого", "ий"), ("ої", "а"), ("ої", "а"), ("а", ""), ("и", "а")),
)

RUSSIAN = Lexicon(
    code="ru",
    org_nouns=_words("компания министерство агентство партия правительство банк компании"),
    demonstratives=_words("этот эта это"),
    connectives=_phrases("но|однако|также|впрочем|зато|кроме того|тем не менее"),
    dependent_openers=_phrases("он|она|они|это|этот|эта|поэтому|итак|его|ее|её|их"),
    first_names_male=_words(
        """Ерлан Григорий Виктор Сергей Александр Владимир Дмитрий Андрей Иван Пётр Петр Михаил Юрий
        Николай Алексей Максим Евгений Павел Олег Борис Игорь Константин Роман Антон Артём Фёдор Лев"""
    ),
    first_names_female=_words(
        """Айгерим
        Ольга Елена Наталья Татьяна Ирина Светлана Анна Мария Екатерина Анастасия Юлия Марина Людмила Галина
        Вера Надежда Любовь Ксения Дарья Полина Алина Софья Валентина Евгения"""
    ),
    pro_drop=True,
    quote_pairs=(("«", "»"), ("„", "“"), ("“", "”")),
    verbs=_words(
        """сказал сказала сказали заявил заявила заявили отметил отметила отметили добавил добавила
        подчеркнул подчеркнула пояснил пояснила написал написала сообщил сообщила сообщили рассказал
        рассказала рассказали признался призналась считает говорит говорят уточнил уточнила заметил
        заметила ответил ответила предупредил предупредила заверил заверила добавляет отмечает
        подчеркивает подчёркивает поделился поделилась прокомментировал прокомментировала напомнил
        напомнила признаётся признается рассказывает пишет написали подытожил подытожила"""
    ),
    cue_phrases=(("по", "словам"), ("по", "мнению"), ("по", "данным")),
    auxiliaries=_words("также уже ещё еще"),
    prepositions=_words("в во на с со к ко у о об от до при по про для из за под над через"),
    stops=_words("во время когда после перед и но что который которая вчера сегодня"),
    pronouns_male=_words("он Он"),
    pronouns_female=_words("она Она"),
    pronouns_other=_words("они мы я Они Мы Я"),
    titles=_words("Господин Госпожа Президент Министр Посол Генерал Мэр Депутат Спикер"),
    titles_male=_words("Господин"),
    titles_female=_words("Госпожа"),
    roles=_words("глава"),
    roles_male=_words("режиссёр режиссер министр мэр директор фермер представитель учёный ученый актёр"),
    roles_female=_words("актриса художница журналистка"),
    verb_endings_female=_SLAVIC_FEMALE,
    verb_endings_male=_SLAVIC_MALE,
    stopwords=_words(
        """и в не на что с по это как он она они из за от к для было был была же бы но его ее её
        который которые также уже или если только при так все этого этом"""
    ),
    capitalised_stopwords=_words("В На С По Но И А Как Это Во"),
    genitive_endings=(("ого", "ий"), ("ой", "а"), ("ей", "я"), ("ы", "а"), ("а", ""), ("и", "я")),
)

# First words of two-word place names, which look like a first name and a surname ("Hong Kong").
PLACE_STARTS = _words(
    """North South East West New San Santa Los Las Saint Hong Sri Costa Puerto Buenos Tel Abu El Port
    Fort Mount Lake Cape Upper Lower Great Little Greater Central"""
)
# A person's age as a role: "the 56-year-old", "die 56-Jährige", "il 52enne", "72-летний", "47-letni".
AGE_NOUN = (
    r"\d+[-‐]?(?:year-old|jährige[rn]?|Jährige[rn]?|enne|jarige|летн\w*|річн\w*|letni\w*|ans|años|anni|anos)"
)

# Verbs that introduce lyrics, not speech: what follows them is not a quotation of a speaker.
SONG_VERBS = _words(
    """sing sings sang sung singing croon croons crooned crooning
    singt sang gesungen chante chantait chanté chantent canta cantó cantaba cantava cantou cantò
    zingt zong zongen śpiewa śpiewał śpiewała zaśpiewał zaśpiewała поёт поет пел пела спел спела
    співає співав співала заспівав заспівала"""
)
# Modals that make a reporting verb unreal: "someone might ask", and after "as": "as Holmes would say" (alone,
# "would" tells a habit: "he'd respond, “…”" is what he said).
UNREAL_MODALS = _words("might")
AS_MODALS = _words("would 'd ’d")
# A reporting verb turned on its subject tells inner speech: "I told myself, “…”", "she asked herself".
REFLEXIVE_PRONOUNS = _words("myself yourself himself herself ourselves yourselves themselves")
# The reader as a subject: "you will wonder, “…”", "it hits you — “…”": words no one said.
READER_PRONOUNS = _words("you yourself yourselves")

LEXICONS: dict[str, Lexicon] = {
    lex.code: lex
    for lex in (ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, PORTUGUESE, DUTCH, POLISH, UKRAINIAN, RUSSIAN)
}
LANGUAGES = tuple(LEXICONS)


def _union(attr: str) -> frozenset[str]:
    out: set[str] = set()
    for lex in LEXICONS.values():
        out |= getattr(lex, attr)
    return frozenset(out)


# What holds in every language: any reporting verb, any title, any pronoun is recognised wherever it occurs
# (an English article quotes a German minister; a Russian one names a "Mr").
ALL_VERBS = _union("verbs") | EN_INVERTED_ONLY
ALL_TITLES = _union("titles")
ALL_TITLES_MALE = _union("titles_male")
ALL_TITLES_FEMALE = _union("titles_female")
ALL_PRONOUNS_MALE = _union("pronouns_male")
ALL_PRONOUNS_FEMALE = _union("pronouns_female")
ALL_PRONOUNS_OTHER = _union("pronouns_other")
ALL_CAPITALISED_STOPWORDS = _union("capitalised_stopwords")
# Small words of every language: a capitalised pair after one of these is no evidence of a person.
ALL_FUNCTION_WORDS = frozenset(
    w.lower()
    for attr in ("prepositions", "definite", "indefinite", "stops", "auxiliaries", "stopwords")
    for w in _union(attr)
)
ALL_FIRST_NAMES_MALE = _union("first_names_male")
ALL_FIRST_NAMES_FEMALE = _union("first_names_female")
ALL_ROLES = frozenset(w.lower() for w in _union("roles") | _union("roles_male") | _union("roles_female"))
OPENING_MARKS = frozenset(o for lex in LEXICONS.values() for o, _ in lex.quote_pairs)
CLOSING_MARKS = frozenset(c for lex in LEXICONS.values() for _, c in lex.quote_pairs)


_FOREIGN_WORDS = frozenset().union(
    *(
        lex.stopwords | lex.prepositions | lex.definite | lex.indefinite
        for lex in LEXICONS.values()
        if lex is not ENGLISH
    )
)


def _any_language() -> Lexicon:
    """English, plus every language's cues, roles, pronouns and small words that English does not use."""
    english_small = ENGLISH.stopwords | ENGLISH.definite | ENGLISH.indefinite | ENGLISH.pronouns
    merged: dict[str, object] = {}
    for name in Lexicon.__dataclass_fields__:
        mine = getattr(ENGLISH, name)
        if isinstance(mine, frozenset) and name != "stopwords":
            merged[name] = mine | (_union(name) - english_small)
        else:
            merged[name] = mine
    merged["cue_phrases"] = tuple(p for lex in LEXICONS.values() for p in lex.cue_phrases)
    merged["genitive_endings"] = ()
    merged["inner_attribution"] = True  # as in most of the languages
    merged["code"] = "any"
    return Lexicon(**merged)  # type: ignore[arg-type]


@functools.cache
def for_language(code: str | None) -> Lexicon:
    """Return the lexicon to read a text in: its language's words together with English's.

    When the language is not known (a short or mixed text), every language's cues and roles are read, with
    only the small words that cannot be mistaken for English ones.
    """
    if code is None:
        return _any_language()
    lex = LEXICONS.get(code, ENGLISH)
    if lex is ENGLISH:
        return ENGLISH
    merged: dict[str, object] = {}
    for name in Lexicon.__dataclass_fields__:
        mine, english = getattr(lex, name), getattr(ENGLISH, name)
        if isinstance(mine, frozenset) and name not in ("definite", "indefinite", "prepositions"):
            merged[name] = mine | english
        else:
            merged[name] = mine
    # English articles and prepositions clash with other languages' words ("a", "die", "de", "in"):
    # keep the language's own, plus the English ones no other language uses.
    for name in ("definite", "indefinite", "prepositions"):
        merged[name] = getattr(lex, name) | (getattr(ENGLISH, name) - _FOREIGN_WORDS)
    return Lexicon(**merged)  # type: ignore[arg-type]


def has_articles(lex: Lexicon) -> bool:
    """Tell whether the language writes articles (a bare role noun in Russian can name a known person)."""
    return bool(LEXICONS.get(lex.code, ENGLISH).definite)


def verb_gender(lex: Lexicon, word: str) -> str | None:
    """Tell the subject's gender from a past-tense verb form, in the languages that mark it."""
    if lex.verb_endings_female and word.endswith(lex.verb_endings_female):
        return FEMALE
    if lex.verb_endings_male and word.endswith(lex.verb_endings_male):
        return MALE
    return None
