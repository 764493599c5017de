"""The generated city's content: news pages under the site's news index and
forum talk in the forums the portal set up (``seed_forums``).

News pages are added one by one through Wagtail's tree API: Wagtail has no
bulk creation of pages (a page's tree path, URL path and its parent's child
count are kept by ``add_child``). What is deferred is the search index: both
indexes are brought up to date once at the end instead of once a page.
Forum posts are plain rows of the forum's models, so they are written in
batches, and the counters the forum keeps beside them are then worked out
set by set, as the forum's own saves would have left them.
"""

import logging
import random
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.text import slugify
from machina.core.db.models import get_model
from modelsearch import signal_handlers as wagtail_search
from modelsearch.backends import get_search_backends

from cms.news.models import NewsIndexPage, NewsKind, NewsPage
from plugins.forum.markup import render
from search import sync

logger = logging.getLogger(__name__)

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
ForumProfile = get_model("forum_member", "ForumProfile")

NEWS_SLUG = "city-news-"
NEWS_BATCH = 200
POST_BATCH = 5000
POSTS_PER_TOPIC = 25
POSTS_PER_PERSON = 50
RESIDENT_EMAIL = "city-resident-{:05d}@example.org"

HEADLINES = [
    "Планове відключення водопостачання",
    "Графік подачі тепла на тиждень",
    "Нові тарифи на вивезення відходів",
    "Ремонт мереж водовідведення",
    "Прийом показників лічильників",
    "Перерахунок за неякісну послугу",
    "Зміни в графіку роботи абонвідділу",
    "Субсидія на наступний опалювальний сезон",
]
SENTENCES = [
    "Роботи триватимуть до вечора.",
    "Просимо заздалегідь зробити запас води.",
    "Показники приймаються до 25 числа місяця.",
    "Нарахування перераховано автоматично.",
    "Звертайтеся до диспетчерської служби.",
    "Графік може змінитися через погоду.",
    "У квитанції за наступний місяць буде видно перерахунок.",
    "Дякуємо за терпіння та розуміння.",
    "Тиск у мережі відновлено.",
    "Бригада вже працює на місці.",
]


@contextmanager
def search_updates_deferred(model):
    """Saves of ``model`` leave both search indexes alone while inside; the
    caller reindexes once afterwards."""
    receivers = [
        (post_save, sync.changed, ("search", model)),
        (post_delete, sync.changed, ("search", model)),
        (post_save, wagtail_search.post_save_signal_handler, None),
        (post_delete, wagtail_search.post_delete_signal_handler, None),
    ]
    disconnected = [
        (signal, receiver, uid)
        for signal, receiver, uid in receivers
        if signal.disconnect(receiver, sender=model, dispatch_uid=uid)
    ]
    try:
        yield
    finally:
        for signal, receiver, uid in disconnected:
            signal.connect(receiver, sender=model, dispatch_uid=uid)


def news_index():
    index = NewsIndexPage.objects.first()
    if index is None:
        raise LookupError("the site has no news index: run seed_demo first")
    return index


def add_news(count, seed, today):
    """``count`` published news pages, newest first by date, one a few hours
    apart. Returns the number added."""
    rng = random.Random(f"{seed}:news")
    index = news_index()
    with search_updates_deferred(NewsPage):
        for start in range(0, count, NEWS_BATCH):
            with transaction.atomic():
                for number in range(start, min(start + NEWS_BATCH, count)):
                    index.add_child(instance=news_page(number, rng, today))
    index_news_in_wagtail()
    return count


def news_page(number, rng, today):
    headline = rng.choice(HEADLINES)
    text = " ".join(rng.sample(SENTENCES, 3))
    published = timezone.now() - timedelta(hours=5 * number)
    return NewsPage(
        title=f"{headline} ({number + 1})",
        slug=f"{NEWS_SLUG}{number + 1:05d}",
        kind=NewsKind.NEWS,
        date=today - timedelta(days=number * 5 // 24),
        summary=text[:300],
        body=f"<p>{text}</p>",
        live=True,
        first_published_at=published,
        last_published_at=published,
    )


def index_news_in_wagtail():
    """Wagtail's own index (the admin's page search), in batches."""
    pages = NewsPage.objects.filter(slug__startswith=NEWS_SLUG).order_by("pk")
    for backend in get_search_backends(with_auto_update=True):
        batch = []
        for page in pages.iterator(chunk_size=NEWS_BATCH):
            batch.append(page)
            if len(batch) == NEWS_BATCH:
                backend.add_bulk(NewsPage, batch)
                batch = []
        if batch:
            backend.add_bulk(NewsPage, batch)


def forum_residents(count):
    """``count`` residents who write in the forum, without a usable password."""
    user_model = get_user_model()
    password = make_password(None)
    people = [
        user_model(
            username=RESIDENT_EMAIL.format(number),
            email=RESIDENT_EMAIL.format(number),
            password=password,
            display_name=f"Мешканець {number}",
        )
        for number in range(1, count + 1)
    ]
    user_model.objects.bulk_create(people, batch_size=POST_BATCH)
    return list(
        user_model.objects.filter(username__startswith="city-resident-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def add_forum_talk(posts, seed):
    """``posts`` approved posts in topics of 25 across the forums residents
    post in, then the topics', forums' and posters' counters. Returns
    (topics, posts)."""
    rng = random.Random(f"{seed}:forum")
    forums = list(Forum.objects.filter(type=Forum.FORUM_POST).order_by("pk"))
    people = forum_residents(max(2, posts // POSTS_PER_PERSON))
    topic_count = max(1, posts // POSTS_PER_TOPIC)

    topics = []
    for number in range(topic_count):
        subject = f"{rng.choice(HEADLINES)}: питання {number + 1}"
        topics.append(
            Topic(
                forum=forums[number % len(forums)],
                poster_id=rng.choice(people),
                subject=subject,
                slug=slugify(subject, allow_unicode=True),
                type=Topic.TOPIC_POST,
                status=Topic.TOPIC_UNLOCKED,
                approved=True,
            )
        )
    Topic.objects.bulk_create(topics, batch_size=POST_BATCH)

    rendered = {}
    batch = []
    for number in range(posts):
        topic = topics[number % topic_count]
        content = " ".join(rng.sample(SENTENCES, 2))
        if content not in rendered:
            rendered[content] = render(content)
        head = number < topic_count
        batch.append(
            Post(
                topic=topic,
                poster_id=topic.poster_id if head else rng.choice(people),
                subject=topic.subject if head else f"Re: {topic.subject}",
                content=content,
                _content_rendered=rendered[content],
                approved=True,
            )
        )
        if len(batch) == POST_BATCH:
            Post.objects.bulk_create(batch)
            batch = []
    Post.objects.bulk_create(batch)

    spread_over_time([topic.pk for topic in topics])
    count_posts([topic.pk for topic in topics], forums)
    return topic_count, posts


def spread_over_time(topic_ids):
    """Posts written ten minutes apart up to now, rather than all at once."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Post._meta.db_table} p SET created = now() - "
            "(last.id - p.id) * interval '10 minutes', updated = now() - "
            "(last.id - p.id) * interval '10 minutes' "
            f"FROM (SELECT max(id) AS id FROM {Post._meta.db_table} "
            "WHERE topic_id = ANY(%s)) last WHERE p.topic_id = ANY(%s)",
            [topic_ids, topic_ids],
        )


def count_posts(topic_ids, forums):
    """The counters ``Post.save`` keeps one post at a time: each topic's
    posts and first and last post, each forum's, each poster's total."""
    post, topic = Post._meta.db_table, Topic._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {topic} t SET posts_count = s.posts, first_post_id = s.first, "
            "last_post_id = s.last, last_post_on = s.last_on "
            "FROM (SELECT topic_id, count(*) AS posts, min(id) AS first, "
            f"max(id) AS last, max(created) AS last_on FROM {post} "
            "WHERE topic_id = ANY(%s) AND approved GROUP BY topic_id) s "
            "WHERE t.id = s.topic_id",
            [topic_ids],
        )
        profile = ForumProfile._meta.db_table
        cursor.execute(
            f"INSERT INTO {profile} (user_id, posts_count) "
            f"SELECT poster_id, count(*) FROM {post} WHERE approved "
            "AND poster_id IS NOT NULL GROUP BY poster_id "
            "ON CONFLICT (user_id) DO UPDATE SET posts_count = EXCLUDED.posts_count"
        )
    for forum in forums:
        forum.refresh_from_db()
        forum.update_trackers()
