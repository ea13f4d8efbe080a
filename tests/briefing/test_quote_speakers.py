"""Who said a quotation: coreference and attribution rules, on hand-written fictional snippets."""

from __future__ import annotations

from bot.briefing.models import Quote
from bot.briefing.people import People
from bot.briefing.quotes import extract_quotes


def _speakers(quotes: list[Quote]) -> list[str | None]:
    return [q.speaker for q in quotes]


def _speaker_of(text: str, start: str) -> str | None:
    found = [q for q in extract_quotes(text) if q.text.startswith(start)]
    assert found, f"no quotation starts with {start!r}"
    return found[0].speaker


def test_statement_of_the_company_named_before() -> None:
    """ "The company denied it in a statement. “…,” the statement read." speaks for that company."""
    text = (
        "Jane Roe accused Acme Records of blocking her new album.\n\n"
        "The company flatly denied the allegations in a statement shared to its website.\n\n"
        '"We were shocked to see her posts yesterday, which were based on false information," the statement '
        'read. "We have always honoured her requests."'
    )
    assert _speakers(extract_quotes(text)) == ["Acme Records"]


def test_statement_of_an_unnamed_subject_stays_unattributed() -> None:
    """ "The singer denied it in a statement" gives the statement no organisation's name."""
    text = (
        "Jane Roe left Acme Records last year.\n\n"
        "The singer denied the allegations in a statement shared on her website.\n\n"
        '"I never owed anyone a single thing and I never will," the statement read.'
    )
    assert _speakers(extract_quotes(text)) != ["Acme Records"]


def test_short_form_of_an_organisation_is_not_a_person() -> None:
    """ "Silver Lantern" beside "Silver Lantern Records" is the label, not a person of that name."""
    text = (
        "Jane Roe signed with Silver Lantern Records in 2006. Last year she left the label, and "
        "Silver Lantern said it had been fair to her. Roe disagreed."
    )
    people = People.from_text(text)
    assert "Silver Lantern" not in people.names
    assert "Silver Lantern" in people.orgs
    assert "Jane Roe" in people.names


def test_reported_speech_in_the_sentence_before_gives_the_speaker() -> None:
    """ "Roe’s lawyer told reporters that …. “…”": the quotation after is the lawyer's."""
    text = (
        '"We have always honoured every request she made of us," the label said.\n\n'
        "Jane Roe's lawyer told reporters that this, too, was not the whole truth. "
        '"The label is trying to make this about money by saying she owes them."'
    )
    assert _speaker_of(text, "The label is trying") == "Jane Roe's lawyer"


def test_possessor_opens_the_description_of_an_agent() -> None:
    """ "…," Roe’s spokesman said: shown as "Jane Roe’s spokesman"."""
    text = (
        "Jane Roe arrived in Northport on Monday.\n\n"
        '"She will not take any questions about the ferry contract today," Roe\'s spokesman said.'
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe's spokesman"]


def test_possessor_of_a_thing_is_no_speaker_description() -> None:
    """ "Roe’s thinking," the object of a possessive that is no agent, is not shown as a speaker."""
    text = (
        "Jane Roe and Tom Price met on Monday.\n\n"
        'Price said Roe\'s thinking was that "the ferries will be late whatever the council decides."'
    )
    assert _speakers(extract_quotes(text)) != ["Jane Roe's thinking"]


def test_possessor_after_a_preposition_is_not_the_subject() -> None:
    """ "Tom Price, an adviser for Roe’s campaign, emailed …, telling them, “…”" is Price's."""
    text = (
        "Tom Price, an adviser for Jane Roe's campaign, emailed supporters on Monday, telling them, "
        '"I am proud of the ferries we built together in this harbour."'
    )
    assert _speakers(extract_quotes(text)) == ["Tom Price"]


def test_short_quotation_needs_its_own_cue() -> None:
    """A three-word quotation after a sentence that only reports speech is not shown as someone's."""
    text = (
        "Tom Price was asked about the ferries again on Monday.\n\n"
        "Price told reporters at the harbour that the plan for the new ferries would not change. "
        '"I\'m not changing."'
    )
    assert extract_quotes(text) == []


def test_pronoun_does_not_resolve_to_the_person_the_quotation_names() -> None:
    """ "“I cannot believe Martha would …,” she said": Martha is spoken of, not speaking."""
    text = (
        "A cheerful woman in her 80s, Jane Roe lives in a small town by the harbour. "
        "She gave me an address for his sister, Martha Price.\n\n"
        "“I cannot believe Martha would not want his books back in print,” she said."
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe"]


def test_pronoun_split_quotation_naming_someone_in_its_second_part() -> None:
    """ "“A,” he said, “because Tom Price can say it.”": the actor named before speaks, not his character."""
    text = (
        "The show's star, Karl Weber, plays the ferry captain Tom Price.\n\n"
        "“I’m not as quick with words,” he said, “because Tom Price can say this stuff quickly and funny.”"
    )
    assert set(_speakers(extract_quotes(text))) == {"Karl Weber"}


def test_subject_of_the_sentence_before_may_name_himself() -> None:
    """ "Roe returned to it: “… loving Jane Roe …”": the sentence's own subject keeps the quotation."""
    text = (
        "Tom Price spoke first at the rally.\n\n"
        "Jane Roe returned to the ferries later, where she suggested the price was fair: "
        "“The ferries are great. I think the islands are going to end up loving Jane Roe when the jobs come.”"
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe"]


def test_turn_passes_to_the_subject_of_the_sentence_between() -> None:
    """ "“…,” Roe said. Price returned to the issue later. “…?”": the second quotation is Price's."""
    text = (
        "Jane Roe and Tom Price spoke at the harbour hearing on Monday.\n\n"
        "“Adding another ferry to the fleet could take years, and I doubt it will happen,” Roe said. "
        "Price returned to the issue later in the hearing. "
        "“What other boats exist today that could carry the cargo to the islands by next spring?”"
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe", "Tom Price"]


def test_turn_stays_when_the_name_is_the_quoted_clause_subject() -> None:
    """ "“…,” said Roe. Price “kind of misspoke …”": Price is spoken of; the turn stays Roe's."""
    text = (
        "Jane Roe and Tom Price spoke at the harbour hearing on Monday.\n\n"
        "“We thought only the council was careless about the ferries,” said Roe. "
        "Price “kind of misspoke. This is not something he should talk about openly in public.”"
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe", "Jane Roe"]


def test_named_subject_with_an_aside_before_said() -> None:
    """ "Roe, speaking to voters, said, “…”" is Roe's, not the speaker of the quotation before."""
    text = (
        "Jane Roe and Tom Price spoke at the harbour on Monday.\n\n"
        'The council is "shaping and framing this campaign," Price said. '
        'Roe, speaking to voters, said, "Last time I looked, you had not started voting yet."'
    )
    assert _speakers(extract_quotes(text))[-1] == "Jane Roe"


def test_shot_back_is_a_reporting_cue() -> None:
    """ "“…,” Roe shot back." gives the quotation to Roe."""
    text = (
        "Jane Roe and Tom Price argued about the ferries.\n\n"
        "“Price wants to be a tough guy tonight, but the harbour needs new boats,” Roe shot back."
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe"]


def test_asked_again_ends_its_attribution() -> None:
    """ "“…?” Price asked again." is Price's question, though "again" follows the verb."""
    text = (
        "Jane Roe and Tom Price spoke at the hearing. Roe said the ferries were late.\n\n"
        "“But if the new boats are not available, what is the plan for the islands?” Price asked again. "
        "“I think we would have to wait,” Roe said."
    )
    assert _speakers(extract_quotes(text)) == ["Tom Price", "Jane Roe"]


def test_partial_quotation_after_its_sentence_subject_and_verb() -> None:
    """ "Price called the vote a “…”" after Roe's quotation is Price's words, not Roe's."""
    text = (
        "“We have some bad staff and we want to get rid of them,” Jane Roe said.\n\n"
        "Senator Tom Price said the ferry delays were a symptom of deeper problems. "
        "Price called the delays a “profound indictment of the whole harbour system.”"
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe", "Tom Price"]


def test_name_that_qualifies_a_noun_is_not_a_pronoun_antecedent() -> None:
    """ "the Tom Price song" names no one in the story: "he" goes to the man named before it."""
    text = (
        "Karl Weber moved to the coast in March. Unlike the Tom Price song, things did not get better.\n\n"
        "“I could not walk from one room to another without losing my breath,” he said."
    )
    assert _speakers(extract_quotes(text)) == ["Karl Weber"]


def test_the_man_far_after_his_introduction_keeps_the_description() -> None:
    """ "According to the man" long after "a 43-year-old man" is that man, not a person named since."""
    filler = "The harbour report describes the weather, the tides and the boats in great detail. " * 45
    text = (
        "Tom Price of the Northport Infirmary told the tale of a 43-year-old man who felt tired for months."
        f"\n\n{filler}\n\n"
        "According to the man, the pills “had a transformative effect within two days of the first dose.”"
    )
    assert _speakers(extract_quotes(text)) == ["a 43-year-old man"]


def test_in_the_words_of_is_a_cue() -> None:
    """ "Here is how it went, in the words of the patient: “…”" is the patient's."""
    text = (
        "The case report describes a man from the coast.\n\n"
        "Here is how bad things got in the words of the patient: “Two months after it began, I could not "
        "stand for more than a few minutes at a time.”"
    )
    assert _speakers(extract_quotes(text)) == ["the patient"]


def test_pronoun_topic_through_dates_and_a_subordinate_clause() -> None:
    """ "Although Ford had …, he struggled. On July 27, 2006, he emailed …. “…,” he wrote." is Ford's."""
    text = (
        "Tom Price and Karl Ford were close friends for years.\n\n"
        "Although Ford had outlined the book in a cycle of poems, he struggled to get it right. "
        "On July 27, 2006, he emailed Price about how hard it was to write some parts of the story. "
        "“It is not like I can have someone charge into the room with a gun every few minutes,” he wrote."
    )
    assert _speakers(extract_quotes(text)) == ["Karl Ford"]


def test_one_name_known_by_its_title_is_the_same_person_later() -> None:
    """ "Prince Anton" then "Anton claims …" mentions the same man: "He instead told …:" is his."""
    text = (
        "Prince Anton met Tom Price in Northport in 2010.\n\n"
        "Anton claims that he felt bound to visit the businessman in person. During the visit, he was seen "
        "with Price in the park. Was this to learn how exposed he was?\n\n"
        "He instead told the radio interviewer: “I took the judgement call that I had to go and see him.”"
    )
    assert _speakers(extract_quotes(text)) == ["Anton"]


def test_saying_after_a_partial_quotation_leaves_the_subject_before() -> None:
    """ "Roe said … was “…”, saying she trusted the courts" is Roe's, not unattributed."""
    text = (
        "Jane Roe said the council had decided the building of the bridges was "
        '"not, per se, inconsistent with the harbour law", saying she trusted the courts.'
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe"]


def test_outer_reporter_over_a_place_as_subject() -> None:
    """ "Roe said that after advice Valoria had concluded it was “…”" is Roe's words, not Valoria's."""
    text = (
        "Jane Roe said that after legal advice Valoria had concluded the building of the bridges was "
        '"not, per se, inconsistent with the harbour law".'
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe"]


def test_dutch_alderman_may_be_a_woman() -> None:
    """ "…", aldus de wethouder: the alderwoman named before, "wethouder" marking no gender."""
    text = (
        '"We zien elke zomer hoe de binnenstad dichtslibt met bezoekers", zei wethouder Sanne Vermeulen.\n\n'
        'Volgens Vermeulen is de maatregel ook goed voor de lucht. "Een cruiseschip aan de kade stoot op één '
        "dag net zoveel uit als duizenden auto's\", aldus de wethouder."
    )
    assert _speakers(extract_quotes(text, language="nl")) == ["Sanne Vermeulen", "Sanne Vermeulen"]


def test_portuguese_article_a_is_no_preposition_before_the_subject() -> None:
    """ "Em nota, a Companhia … afirmou:" — "a" opens the subject, not an adverbial."""
    text = (
        "Em nota, a Companhia do Metropolitano de Valória afirmou: "
        '"A proposta apresentada ao sindicato é a maior dos últimos cinco anos."'
    )
    speakers = _speakers(extract_quotes(text, language="pt"))
    assert speakers[0] is not None
    assert "Companhia do Metropolitano" in speakers[0]


def test_initials_after_an_elided_article_are_spelled_out() -> None:
    """ "l’ARS a expliqué" names the "Agence régionale de santé (ARS)" introduced before."""
    text = (
        "L’annonce, faite par l’Agence régionale de santé (ARS) de Valorie, a provoqué la colère.\n\n"
        "Dans un communiqué, l’ARS a expliqué : « Cette mesure temporaire vise à garantir la sécurité des "
        "patients. »"
    )
    assert _speakers(extract_quotes(text, language="fr")) == ["Agence régionale de santé"]


def test_description_keeps_whom_the_speaker_stands_by() -> None:
    """ "a longtime adviser to Roe said" is shown whole, not cut before "to Roe"."""
    text = 'Jane Roe spoke on Monday.\n\n"She does not know the harbour," a longtime adviser to Roe said.'
    assert _speakers(extract_quotes(text)) == ["a longtime adviser to Roe"]


def test_subject_after_that_inside_a_long_clause() -> None:
    """ "… grew so heated over who backed which bill that Gov. Tom Price said, “…”" is Price's."""
    text = (
        "The debate grew so heated over who supported which Harbour bill that Valoria Gov. Tom Price said, "
        '"I feel like I need a council-to-English converter."'
    )
    assert _speakers(extract_quotes(text)) == ["Tom Price"]


def test_military_ranks_do_not_end_the_sentence() -> None:
    """ "said Navy Capt. Tom Price", "said Air Force 1st Lt. Jane Roe": no sentence ends at the rank."""
    text = (
        '"I do not see how the storm would change our operations at all," said harbour spokesman Navy Capt. '
        "Tom Price, who was a pilot.\n\n"
        "“I don’t understand how a better candidate didn’t join the race,” said Air Force 1st Lt. Jane Roe."
    )
    assert _speakers(extract_quotes(text)) == ["Tom Price", "Jane Roe"]


def test_description_with_a_slash_before_the_name() -> None:
    """ "said 9/11 widow Jane Roe" names Roe."""
    text = "“The reasons for the veto don’t hold weight at all,” said 9/11 widow Jane Roe."
    assert _speakers(extract_quotes(text)) == ["Jane Roe"]


def test_name_opening_a_clause_before_the_quotation() -> None:
    """ "Jane Roe, president and CEO of the Harbour Association stated, “…”" is Roe's."""
    text = "Jane Roe, president and CEO of Valoria Harbour Association stated, “It’s not a political issue.”"
    assert _speakers(extract_quotes(text)) == ["Jane Roe"]


def test_verb_after_to_is_no_description() -> None:
    """ "“…” Ford opted instead to write novels." is no attribution: the quotation keeps its cue before."""
    text = (
        "Tom Ford and Jane Roe were friends.\n\n"
        "As Roe put it, “Had he written a series of five books in that world, he would have been famous.” "
        "Ford opted instead to write two novels about ships."
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe"]


def test_second_part_after_a_long_attribution_keeps_the_speaker() -> None:
    """ "“A,” Roe told the paper in July, after Price stated an interest in it. “B.”": B is Roe's too."""
    text = (
        "“They are not terminable at will,” harbour spokesperson Jane Roe told the Harbour Times in July, "
        "after Tom Price stated an interest in ending the contracts. “These contracts are fully binding.”"
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe", "Jane Roe"]


def test_paragraph_before_opens_with_an_adverbial() -> None:
    """ "In a call with analysts Monday, Valoria Ferries chief Jane Roe said …" ¶ "…" is Roe's."""
    text = (
        "In a call with analysts on Monday, ferry company chief executive Jane Roe said the board had "
        "decided to go ahead with the deal.\n\n"
        '"On the political risk, we have assessed this deal and we believe it is a great deal for owners."'
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe"]


def test_participle_after_a_quotation_names_no_speaker() -> None:
    """ "…but said, “…,” promising the Friends will return": the object of "promising" did not speak."""
    text = (
        "The club met on Monday.\n\n"
        "Tom Price said, “If you shared your views at work you would be weeded out.”\n\n"
        "Boreing said the members will still meet for drinks, but said, “It’s time we change how we do it,” "
        "promising the Friends of the Harbour will return to its roots."
    )
    assert _speakers(extract_quotes(text)) == ["Tom Price", "Boreing"]


def test_long_title_case_institution_is_shown_whole() -> None:
    """ "The Harbour Council High Commissioner for Ferry Rights said …" is shown as written."""
    text = (
        "The ferries stopped on Monday.\n\n"
        "The Harbour Council High Commissioner for Ferry Rights said the decision did "
        '"not change the law of the harbour, nor its reading by the courts".'
    )
    assert _speakers(extract_quotes(text)) == ["the Harbour Council High Commissioner for Ferry Rights"]


def test_plural_role_opening_a_sentence() -> None:
    """ "Prosecutors alleged that Roe “…”" gives "prosecutors", as the article writes them elsewhere."""
    text = (
        "Tom Price was charged on Monday, and the prosecutors asked for a trial in March.\n\n"
        'Prosecutors alleged that Price "cheated hundreds of the harbour workers" at his yards.'
    )
    assert _speakers(extract_quotes(text)) == ["prosecutors"]


def test_surname_that_is_also_a_word_after_a_first_name() -> None:
    """ "chief executive Ian Read said" names Ian Read, though "Read" is a word too."""
    text = (
        "In a call with analysts on Monday, ferry company chief executive Ian Read said the board had "
        "decided to go ahead with the deal.\n\n"
        '"On the political risk, we have assessed this deal and we believe it is a great deal for owners."'
    )
    assert "Ian Read" in People.from_text(text).names
    assert _speakers(extract_quotes(text)) == ["Ian Read"]


def test_surname_that_is_also_a_title_word() -> None:
    """ "“…,” Adam Green, co-founder of the Harbour Campaign, said" names Adam Green, a person."""
    text = (
        "The council met on Thursday.\n\n"
        "“Today’s vote shows that the harbour can be rebuilt without selling the ferries,” Adam Green, "
        "co-founder of the Harbour Campaign Committee, said in a statement."
    )
    people = People.from_text(text)
    assert "Adam Green" in people.names
    assert _speakers(extract_quotes(text)) == ["Adam Green"]
