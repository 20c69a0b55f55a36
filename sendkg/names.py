"""Names compared the way officers write them: one normal form for every spelling.

Every package may use this: readers and recognisers to link names, the graph to merge
identities, questions and checks to compare labels.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})

# The titles written before a person's name ("Cllr Ann Example", "Dr. Lee"), as a regular
# expression: recognisers strip or recognise them, and names are compared without them.
PERSONAL_TITLES = r"(?:Dr|Cllr|Councillor|Mr|Mrs|Ms|Miss|Prof|Professor|Sir|Dame|Rev)\.?"


@lru_cache(maxsize=1 << 16)  # the checks of a large graph normalise one name many times
def normalise(text: str) -> str:
    """Lower-case, accents and punctuation removed, '&' as 'and', spaces folded.

    >>> normalise("Gill O’Neill")
    'gill oneill'
    >>> normalise("Health & Wellbeing Board")
    'health and wellbeing board'
    """
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ").replace("'", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
