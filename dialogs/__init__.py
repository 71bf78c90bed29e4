"""The dialogue: a state machine per score (transitions), generic over the catalogue.

No Telegram here: the console chat, the bot and the tests drive the same engine.
"""
