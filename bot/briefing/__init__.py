"""The pure briefing core: fetch, extract, sentences, summarise, quotes. Never imports discord."""
