CREATE INDEX "idea_notes_author_idx" ON "idea_notes" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "commitment_contributors_user_idx" ON "commitment_contributors" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "commitments_idea_idx" ON "commitments" USING btree ("idea_id");--> statement-breakpoint
CREATE INDEX "commitments_status_updated_idx" ON "commitments" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "value_records_commitment_idx" ON "value_records" USING btree ("commitment_id");