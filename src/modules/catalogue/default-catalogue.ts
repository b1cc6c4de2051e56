/**
 * The aid catalogue a new deployment starts with: six service baskets, the aid types in them and
 * the exclusivity groups that say which types count as "the same aid" and for how long.
 * The ministry edits all of this afterwards; this is only the starting point.
 */
import type { AidForm, WindowKind } from '../../db/schema.js';

type Names = { en: string; ar: string; fa: string };

export const BASKETS: ({ code: string; position: number } & Names)[] = [
  { code: 'living', position: 1, en: 'Living support', ar: 'الدعم المعيشي', fa: 'حمایت معیشتی' },
  { code: 'housing', position: 2, en: 'Housing and rent', ar: 'السكن والإيجار', fa: 'مسکن و اجاره' },
  { code: 'education', position: 3, en: 'Education', ar: 'التعليم', fa: 'آموزشی' },
  { code: 'health', position: 4, en: 'Health and medical', ar: 'الصحة والعلاج', fa: 'بهداشت و درمان' },
  { code: 'employment', position: 5, en: 'Employment and empowerment', ar: 'التوظيف والتمكين', fa: 'اشتغال و توانمندسازی' },
  { code: 'durable-goods', position: 6, en: 'Durable goods (in kind)', ar: 'السلع المعمرة (عينية)', fa: 'کالای بادوام (غیرنقدی)' },
];

export const GROUPS: ({ code: string; windowKind: WindowKind; windowDays: number | null } & Names)[] = [
  { code: 'living-allowance', windowKind: 'days', windowDays: 30, en: 'Monthly living allowance', ar: 'المساعدة المعيشية الشهرية', fa: 'مستمری ماهانه' },
  // A programme's monthly benefit (0029), paid once per calendar month: a window of 28 days lets
  // the next month's payment through, even after February, and never two in one month.
  { code: 'monthly-benefit', windowKind: 'days', windowDays: 28, en: 'Monthly cash benefit', ar: 'الإعانة النقدية الشهرية', fa: 'مستمری نقدی ماهانه' },
  { code: 'food-basket', windowKind: 'days', windowDays: 30, en: 'Food basket', ar: 'السلة الغذائية', fa: 'سبد غذایی' },
  { code: 'rent', windowKind: 'days', windowDays: 365, en: 'Rent assistance', ar: 'مساعدة الإيجار', fa: 'کمک‌هزینه اجاره' },
  { code: 'utilities', windowKind: 'days', windowDays: 90, en: 'Utility bills', ar: 'فواتير الخدمات', fa: 'قبوض' },
  { code: 'home-repair', windowKind: 'days', windowDays: 730, en: 'Home repair', ar: 'ترميم المسكن', fa: 'تعمیر مسکن' },
  { code: 'school-fees', windowKind: 'school_year', windowDays: null, en: 'School fees', ar: 'الرسوم الدراسية', fa: 'شهریه مدرسه' },
  { code: 'school-supplies', windowKind: 'school_year', windowDays: null, en: 'School supplies', ar: 'المستلزمات المدرسية', fa: 'لوازم‌التحریر' },
  { code: 'university-fees', windowKind: 'school_year', windowDays: null, en: 'University fees', ar: 'الرسوم الجامعية', fa: 'شهریه دانشگاه' },
  { code: 'medical', windowKind: 'days', windowDays: 180, en: 'Medical treatment', ar: 'العلاج الطبي', fa: 'درمان' },
  { code: 'medication', windowKind: 'days', windowDays: 30, en: 'Medication', ar: 'الأدوية', fa: 'دارو' },
  { code: 'medical-device', windowKind: 'days', windowDays: 1095, en: 'Medical devices', ar: 'الأجهزة الطبية', fa: 'تجهیزات پزشکی' },
  { code: 'training', windowKind: 'days', windowDays: 365, en: 'Vocational training', ar: 'التدريب المهني', fa: 'آموزش فنی‌وحرفه‌ای' },
  { code: 'microbusiness', windowKind: 'days', windowDays: 1825, en: 'Small-business grant', ar: 'منحة مشروع صغير', fa: 'وام اشتغال خرد' },
  { code: 'refrigerator', windowKind: 'lifetime', windowDays: null, en: 'Refrigerator', ar: 'ثلاجة', fa: 'یخچال' },
  { code: 'washing-machine', windowKind: 'lifetime', windowDays: null, en: 'Washing machine', ar: 'غسالة', fa: 'ماشین لباسشویی' },
  { code: 'air-conditioner', windowKind: 'days', windowDays: 1825, en: 'Air conditioner', ar: 'مكيف هواء', fa: 'کولر' },
  { code: 'heater', windowKind: 'days', windowDays: 1825, en: 'Heater', ar: 'مدفأة', fa: 'بخاری' },
];

export const AID_TYPES: ({ code: string; basket: string; group: string; form: AidForm } & Names)[] = [
  { code: 'living-allowance', basket: 'living', group: 'living-allowance', form: 'cash', en: 'Needy family allowance', ar: 'مساعدة الأسر المحتاجة', fa: 'مستمری خانواده نیازمند' },
  { code: 'monthly-benefit', basket: 'living', group: 'monthly-benefit', form: 'cash', en: 'Monthly cash benefit', ar: 'الإعانة النقدية الشهرية', fa: 'مستمری نقدی ماهانه' },
  { code: 'food-basket', basket: 'living', group: 'food-basket', form: 'in_kind', en: 'Food basket', ar: 'سلة غذائية', fa: 'سبد غذایی' },
  { code: 'rent-assistance', basket: 'housing', group: 'rent', form: 'cash', en: 'Rent assistance', ar: 'مساعدة إيجار', fa: 'کمک‌هزینه اجاره' },
  { code: 'utility-bills', basket: 'housing', group: 'utilities', form: 'cash', en: 'Utility bills', ar: 'سداد فواتير الكهرباء والماء', fa: 'پرداخت قبوض' },
  { code: 'home-repair', basket: 'housing', group: 'home-repair', form: 'service', en: 'Home repair', ar: 'ترميم منزل', fa: 'تعمیر منزل' },
  { code: 'student-fees', basket: 'education', group: 'school-fees', form: 'cash', en: 'Student fees', ar: 'رسوم دراسية', fa: 'شهریه تحصیلی' },
  { code: 'school-supplies', basket: 'education', group: 'school-supplies', form: 'in_kind', en: 'School supplies', ar: 'حقيبة مدرسية', fa: 'بسته لوازم‌التحریر' },
  { code: 'university-fees', basket: 'education', group: 'university-fees', form: 'cash', en: 'University fees', ar: 'رسوم جامعية', fa: 'شهریه دانشگاه' },
  { code: 'medical-aid', basket: 'health', group: 'medical', form: 'cash', en: 'Medical aid', ar: 'مساعدة علاجية', fa: 'کمک‌هزینه درمان' },
  { code: 'medication', basket: 'health', group: 'medication', form: 'in_kind', en: 'Medication', ar: 'أدوية', fa: 'دارو' },
  { code: 'wheelchair', basket: 'health', group: 'medical-device', form: 'in_kind', en: 'Wheelchair', ar: 'كرسي متحرك', fa: 'ویلچر' },
  { code: 'vocational-training', basket: 'employment', group: 'training', form: 'service', en: 'Vocational training', ar: 'تدريب مهني', fa: 'آموزش مهارت' },
  { code: 'microbusiness-grant', basket: 'employment', group: 'microbusiness', form: 'cash', en: 'Small-business grant', ar: 'منحة مشروع صغير', fa: 'وام اشتغال' },
  { code: 'refrigerator', basket: 'durable-goods', group: 'refrigerator', form: 'in_kind', en: 'Refrigerator', ar: 'ثلاجة', fa: 'یخچال' },
  { code: 'fridge-freezer', basket: 'durable-goods', group: 'refrigerator', form: 'in_kind', en: 'Refrigerator-freezer', ar: 'ثلاجة مع فريزر', fa: 'یخچال فریزر' },
  { code: 'washing-machine', basket: 'durable-goods', group: 'washing-machine', form: 'in_kind', en: 'Washing machine', ar: 'غسالة ملابس', fa: 'ماشین لباسشویی' },
  { code: 'air-conditioner', basket: 'durable-goods', group: 'air-conditioner', form: 'in_kind', en: 'Air conditioner', ar: 'مكيف', fa: 'کولر گازی' },
  { code: 'heater', basket: 'durable-goods', group: 'heater', form: 'in_kind', en: 'Heater', ar: 'مدفأة', fa: 'بخاری' },
];
