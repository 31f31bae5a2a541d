CREATE TABLE "board_updates" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"board_id" text NOT NULL,
	"update" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "note_authors" (
	"board_id" text NOT NULL,
	"note_id" text NOT NULL,
	"user_id" text NOT NULL,
	"team_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "note_authors_board_id_note_id_pk" PRIMARY KEY("board_id","note_id")
);
--> statement-breakpoint
ALTER TABLE "note_authors" ADD CONSTRAINT "note_authors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_updates_board_idx" ON "board_updates" USING btree ("board_id","seq");