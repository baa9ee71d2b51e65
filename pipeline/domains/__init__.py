"""Domain packs: the vocabulary of one regulated field, kept apart from the grammar of
official Chinese writing (pipeline/lang/zh/). Telecom is the one dutymap ships."""
