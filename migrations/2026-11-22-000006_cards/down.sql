DROP TABLE captchas;
DROP TABLE card_events;
DROP TABLE cards;
