CREATE TABLE "ballots" (
	"session_id" text NOT NULL,
	"voter_id" text NOT NULL,
	"team_id" text,
	"budget" integer NOT NULL,
	"spent" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ballots_session_id_voter_id_pk" PRIMARY KEY("session_id","voter_id"),
	CONSTRAINT "ballots_spent_within_budget" CHECK ("ballots"."spent" >= 0 and "ballots"."spent" <= "ballots"."budget")
);
--> statement-breakpoint
CREATE TABLE "idea_notes" (
	"idea_id" text NOT NULL,
	"note_id" text NOT NULL,
	"text" text NOT NULL,
	"author_id" text,
	"team_id" text,
	CONSTRAINT "idea_notes_idea_id_note_id_pk" PRIMARY KEY("idea_id","note_id")
);
--> statement-breakpoint
CREATE TABLE "ideas" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"session_id" text NOT NULL,
	"idea_id" text NOT NULL,
	"voter_id" text NOT NULL,
	"dots" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "votes_idea_id_voter_id_pk" PRIMARY KEY("idea_id","voter_id"),
	CONSTRAINT "votes_dots_not_negative" CHECK ("votes"."dots" >= 0)
);
--> statement-breakpoint
CREATE TABLE "commitment_contributors" (
	"commitment_id" text NOT NULL,
	"user_id" text NOT NULL,
	"team_id" text,
	CONSTRAINT "commitment_contributors_commitment_id_user_id_pk" PRIMARY KEY("commitment_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "commitments" (
	"id" text PRIMARY KEY NOT NULL,
	"idea_id" text NOT NULL,
	"session_id" text NOT NULL,
	"challenge_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"owner_id" text NOT NULL,
	"sponsor_id" text,
	"due_date" date NOT NULL,
	"metric_name" text NOT NULL,
	"metric_unit" text NOT NULL,
	"metric_baseline" double precision NOT NULL,
	"metric_target" double precision NOT NULL,
	"kind" text NOT NULL,
	"next_step" text NOT NULL,
	"status" text DEFAULT 'committed' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "live_sessions" ADD COLUMN "private_revealed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "live_sessions" ADD COLUMN "votes_revealed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_session_id_live_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."live_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_voter_id_users_id_fk" FOREIGN KEY ("voter_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_notes" ADD CONSTRAINT "idea_notes_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_notes" ADD CONSTRAINT "idea_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_session_id_live_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."live_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_session_id_live_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."live_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_voter_id_users_id_fk" FOREIGN KEY ("voter_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_contributors" ADD CONSTRAINT "commitment_contributors_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_contributors" ADD CONSTRAINT "commitment_contributors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_session_id_live_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."live_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_sponsor_id_users_id_fk" FOREIGN KEY ("sponsor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ideas_session_source_idx" ON "ideas" USING btree ("session_id","source_id");--> statement-breakpoint
CREATE INDEX "votes_session_voter_idx" ON "votes" USING btree ("session_id","voter_id");--> statement-breakpoint
CREATE INDEX "commitments_owner_idx" ON "commitments" USING btree ("owner_id","status");--> statement-breakpoint
CREATE INDEX "commitments_sponsor_idx" ON "commitments" USING btree ("sponsor_id","status");--> statement-breakpoint
CREATE INDEX "commitments_session_idx" ON "commitments" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "commitments_challenge_idx" ON "commitments" USING btree ("challenge_id");