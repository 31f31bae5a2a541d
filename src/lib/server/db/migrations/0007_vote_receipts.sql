CREATE TABLE "vote_receipts" (
	"session_id" text NOT NULL,
	"voter_id" text NOT NULL,
	"vote_id" text NOT NULL,
	"idea_id" text NOT NULL,
	"delta" integer NOT NULL,
	CONSTRAINT "vote_receipts_session_id_voter_id_vote_id_pk" PRIMARY KEY("session_id","voter_id","vote_id")
);
--> statement-breakpoint
ALTER TABLE "vote_receipts" ADD CONSTRAINT "vote_receipts_session_id_voter_id_ballots_session_id_voter_id_fk" FOREIGN KEY ("session_id","voter_id") REFERENCES "public"."ballots"("session_id","voter_id") ON DELETE cascade ON UPDATE no action;