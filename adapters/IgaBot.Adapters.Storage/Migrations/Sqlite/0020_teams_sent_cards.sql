-- Teams channel: where the bot's updatable cards went (the conversation, as the channel's reference
-- JSON, and the activity id Teams gave the message), so a decision updates every approver's copy in
-- place even after a restart. Same encodings as 0001_initial.sql (timestamps: fixed-width UTC text);
-- kept the same as the other dialect's 0020_teams_sent_cards.sql.

CREATE TABLE teams_sent_cards (
    card_key         TEXT NOT NULL,
    recipient_email  TEXT NOT NULL,
    activity_id      TEXT NOT NULL,
    conversation     TEXT NOT NULL,
    sent_at          TEXT NOT NULL,
    PRIMARY KEY (card_key, recipient_email)
);
