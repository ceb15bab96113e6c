from django.core.cache import cache
from django_tasks import task

from convene.conversations.models import Conversation
from convene.conversations.services import compute_opinion_result, pending_update_key


@task()
def update_opinion_map(conversation_id: int) -> None:
    # Cleared first: votes cast while this computes schedule the next update.
    cache.delete(pending_update_key(conversation_id))
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is not None:
        compute_opinion_result(conversation)
