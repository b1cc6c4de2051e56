/**
 * The invitation SMS in Arabic, Persian and English: short (Arabic and Persian travel as UCS-2,
 * 67 characters a part), the link, and how to stop the messages. {link} is the short link
 * `${publicUrl}/i/<token>`; nothing personal is in the text.
 */
import type { InviteLocale } from './invitations.repository.js';

export const INVITATION_SMS: Record<InviteLocale, string> = {
  ar: 'دعتكم جمعية خيرية إلى ميزان لتسجيل وضع أسرتكم: {link}\nلإيقاف الرسائل أرسلوا: إيقاف',
  fa: 'یک خیریه شما را به میزان دعوت کرده تا وضعیت خانوار خود را ثبت کنید: {link}\nبرای لغو پیامک‌ها بفرستید: لغو',
  en: 'A charity invites you to Mizan to declare your household: {link}\nReply STOP to stop these messages.',
};

export function invitationText(locale: InviteLocale, link: string): string {
  return INVITATION_SMS[locale].replace('{link}', link);
}
