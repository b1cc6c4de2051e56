-- The row-level security policies on sms_messages: phones and texts are read and written only by the
-- system (the SMS jobs, receipts, STOP replies) and the ministry (its summary counts them).

drop policy if exists sms_messages_all on public.sms_messages;
create policy sms_messages_all on public.sms_messages as permissive for all to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all))
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all));
