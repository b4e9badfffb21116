import json

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from .models import Course


def index(request):
    with connection.cursor() as cur:
        cur.execute('SELECT version()')
        version = cur.fetchone()[0]
    return JsonResponse({
        'message': 'LMS API is running',
        'database': connection.vendor,
        'db_host': connection.settings_dict['HOST'],
        'db_name': connection.settings_dict['NAME'],
        'server_version': version,
    })


@csrf_exempt
def courses(request):
    if request.method == 'POST':
        data = json.loads(request.body or b'{}')
        course = Course.objects.create(title=data.get('title', 'untitled'))
        return JsonResponse({'id': course.id, 'title': course.title}, status=201)
    return JsonResponse({'courses': [{'id': c.id, 'title': c.title} for c in Course.objects.order_by('id')]})
